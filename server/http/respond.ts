import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const payload = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(payload),
		'cache-control': 'no-store',
		...headers
	});
	res.end(payload);
}

/** Errors always have one shape: a stable machine code and a sentence a person can act on. */
export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
	sendJson(res, status, { error: { code, message } });
}

/** Like sendJson, gzipped when the client accepts it and the body is worth it (e.g. /api/config's boundaries). */
export function sendJsonCompressed(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
	const payload = Buffer.from(JSON.stringify(body));
	const gzip = payload.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
	const out = gzip ? gzipSync(payload) : payload;
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': out.length,
		'cache-control': 'no-store',
		vary: 'accept-encoding',
		...(gzip ? { 'content-encoding': 'gzip' } : {})
	});
	res.end(out);
}
