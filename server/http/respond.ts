import type { ServerResponse } from 'node:http';

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
