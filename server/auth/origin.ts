import type { IncomingMessage } from 'node:http';

/**
 * Cookie-authenticated requests from a browser must come from our own pages. Browsers always send
 * Origin on websocket upgrades and cross-site POSTs; clients that are not browsers send none and
 * are let through (they cannot ride on someone's cookie).
 */
export function allowedOrigin(req: IncomingMessage, publicUrl: string): boolean {
	const origin = req.headers.origin;
	if (!origin) return true;
	if (origin === new URL(publicUrl).origin) return true;
	const host = req.headers.host;
	return !!host && (origin === `http://${host}` || origin === `https://${host}`);
}

/** The token from the session cookie, `Authorization: Bearer`, or (websockets only) `?token=`. */
export function bearerFrom(req: IncomingMessage): string | undefined {
	const auth = req.headers.authorization;
	if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || undefined;
	return undefined;
}
