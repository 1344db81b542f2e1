import type { IncomingMessage } from 'node:http';
import { Refusal } from './refusal.ts';

/** Reads at most `limit` bytes of the request body; a longer one is refused with 413. */
export async function readBytes(req: IncomingMessage, limit: number): Promise<Uint8Array> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limit) throw new Refusal(413, 'too_large', `The request body is over ${limit} bytes.`);
		chunks.push(chunk);
	}
	return new Uint8Array(Buffer.concat(chunks));
}

/** Reads a small JSON body. Refuses other content types (which also keeps plain cross-site forms out) and bodies over `limit`. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
	if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
		throw new Refusal(415, 'unsupported_media_type', 'Send the request body as JSON with content-type: application/json.');
	}
	const bytes = await readBytes(req, limit);
	try {
		return JSON.parse(Buffer.from(bytes).toString('utf8'));
	} catch {
		throw new Refusal(400, 'invalid_json', 'The request body is not valid JSON.');
	}
}
