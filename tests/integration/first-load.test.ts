import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { serverSuite, type TestServer } from '../support/server.ts';

let server: TestServer;

serverSuite((s) => (server = s));

/** A raw GET, so the body is seen as sent (fetch would decompress it). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
	return new Promise((resolve, reject) => {
		const req = request(server.url + path, { headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
		});
		req.on('error', reject);
		req.end();
	});
}

describe('what the first visit downloads', () => {
	it('sends /api/config gzipped to a client that accepts it, and plain to one that does not', async () => {
		const zipped = await get('/api/config', { 'accept-encoding': 'gzip, deflate, br' });
		expect(zipped.status).toBe(200);
		expect(zipped.headers['content-encoding']).toBe('gzip');
		expect(zipped.headers.vary).toMatch(/accept-encoding/i);
		const config = JSON.parse(gunzipSync(zipped.body).toString('utf8'));
		expect(config.municipalities.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining(['providencia', 'las-condes']));

		const plain = await get('/api/config');
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(JSON.parse(plain.body.toString('utf8'))).toEqual(config);
		expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
	});

	it('gives the icon a cache lifetime', async () => {
		const icon = await get('/icons/icon.svg');
		expect(icon.status).toBe(200);
		expect(icon.headers['cache-control']).toMatch(/max-age=\d{4,}/);
	});
});
