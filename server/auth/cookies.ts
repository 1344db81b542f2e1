export const SESSION_COOKIE = 'cuadra_session';

/** Reads one cookie from a Cookie header. Malformed pairs are ignored, never thrown on. */
export function readCookie(header: string | undefined, name: string): string | undefined {
	if (!header) return undefined;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0) continue;
		if (part.slice(0, eq).trim() !== name) continue;
		const raw = part.slice(eq + 1).trim();
		try {
			return decodeURIComponent(raw);
		} catch {
			return undefined;
		}
	}
	return undefined;
}

/** The Set-Cookie value for a session: httpOnly, SameSite=Lax, Secure when served over https. */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
	return [
		`${SESSION_COOKIE}=${encodeURIComponent(token)}`,
		'Path=/',
		'HttpOnly',
		'SameSite=Lax',
		`Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
		...(secure ? ['Secure'] : [])
	].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
	return sessionCookie('', 0, secure);
}
