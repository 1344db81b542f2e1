import { readPosition, type PositionFailure } from '$lib/location/position.ts';
import type { PanicLocation } from './alert.ts';

export type LocateResult = { ok: true; location: PanicLocation } | { ok: false; reason: PositionFailure };

/**
 * The phone's position from its GPS, which works with no data connection. A fix up to a minute old
 * is accepted at once (an emergency is no time to wait); otherwise the GPS gets `timeoutMs`.
 * Never rejects: with no position the alert still goes, without coordinates.
 */
export async function locate(geolocation: Geolocation | undefined = globalThis.navigator?.geolocation, timeoutMs = 15_000): Promise<LocateResult> {
	const result = await readPosition({ geolocation, timeoutMs, maximumAgeMs: 60_000 });
	if (!result.ok) return result;
	const { point, accuracy } = result.fix;
	return { ok: true, location: { latitude: point[1], longitude: point[0], accuracy: accuracy === null ? null : Math.min(100_000, accuracy) } };
}
