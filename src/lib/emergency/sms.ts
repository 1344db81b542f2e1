/** Coordinates as the panic message carries them. */
export interface Coordinates {
	latitude: number;
	longitude: number;
	/** Metres, as the GPS reports it. */
	accuracy?: number | null;
}

/** `-33.42612,-70.60998`: five decimals is about one metre, enough to find a person. */
export function formatCoordinates(c: Coordinates): string {
	return `${c.latitude.toFixed(5)},${c.longitude.toFixed(5)}`;
}

/** A link to the place on OpenStreetMap. In the message it is only text; any phone can open it later. */
export function mapLink(c: Coordinates): string {
	return `https://www.openstreetmap.org/${mapQuery(c)}`;
}

/** The part of the map link after the host. */
export function mapQuery(c: Coordinates): string {
	const lat = c.latitude.toFixed(5);
	const lon = c.longitude.toFixed(5);
	return `?mlat=${lat}&mlon=${lon}#map=18/${lat}/${lon}`;
}

/**
 * An `sms:` URI (RFC 5724) to several recipients with a prepared body. Android's and iOS's messaging
 * apps accept the comma-separated list and `?body=`. Numbers must already be dialable
 * (digits and a leading +); anything else is left out rather than breaking the URI.
 */
export function smsUri(recipients: readonly string[], body: string): string {
	return `sms:${smsTarget(recipients, body)}`;
}

/** What follows `sms:`: the recipients and the body. */
export function smsTarget(recipients: readonly string[], body: string): string {
	const numbers = [...new Set(recipients.filter((n) => /^\+?[0-9]{3,15}$/.test(n)))];
	return `${numbers.join(',')}?body=${encodeURIComponent(body)}`;
}
