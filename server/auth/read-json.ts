import type { IncomingMessage } from 'node:http';

export class BodyError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super(message);
	}
}

/** Reads a small JSON body. Refuses other content types (a CSRF guard) and bodies over `limit`. */
export async function readJson(req: IncomingMessage, limit = 8 * 1024): Promise<unknown> {
	const type = req.headers['content-type'] ?? '';
	if (!/^application\/json\b/i.test(type)) {
		throw new BodyError(415, 'unsupported_media_type', 'Send the request body as JSON with content-type: application/json.');
	}
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limit) throw new BodyError(413, 'too_large', `The request body is over ${limit} bytes.`);
		chunks.push(chunk);
	}
	try {
		return JSON.parse(Buffer.concat(chunks).toString('utf8'));
	} catch {
		throw new BodyError(400, 'invalid_json', 'The request body is not valid JSON.');
	}
}
