import type { IncomingMessage } from 'node:http';

export class BadBody extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super(message);
	}
}

/** Reads a small JSON body; refuses other content types (which also keeps plain cross-site forms out). */
export async function readSmallJson(req: IncomingMessage, limit = 4 * 1024): Promise<unknown> {
	if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
		throw new BadBody(415, 'unsupported_media_type', 'Send the body as JSON with content-type: application/json.');
	}
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limit) throw new BadBody(413, 'too_large', `The body is over ${limit} bytes.`);
		chunks.push(chunk);
	}
	try {
		return JSON.parse(Buffer.concat(chunks).toString('utf8'));
	} catch {
		throw new BadBody(400, 'invalid_json', 'The body is not valid JSON.');
	}
}
