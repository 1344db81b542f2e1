import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
// Loopback is a whole /8 on Linux: 127.0.0.2 plays the reverse proxy, 127.0.0.1 a client that reaches Cuadra directly.
const PROXY = '127.0.0.2';
beforeAll(async () => {
	server = await startServer({ env: { CUADRA_TRUSTED_PROXIES: `${PROXY}/32`, CUADRA_REGISTRATIONS_PER_HOUR: '2' } });
});
afterAll(async () => {
	await server?.stop();
});

/** A resident sign-in (rate limited per network address) from `from`, with an optional X-Forwarded-For. */
function signIn(from: string, forwardedFor?: string): Promise<number> {
	const body = JSON.stringify({ secret: randomBytes(32).toString('base64url') });
	return new Promise((resolve, reject) => {
		const req = request(
			{ host: '127.0.0.1', port: server.port, localAddress: from, method: 'POST', path: '/api/auth/resident', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) } },
			(res) => {
				res.resume();
				resolve(res.statusCode ?? 0);
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

describe('client addresses behind a trusted proxy', () => {
	it('ignores X-Forwarded-For from a peer that is not a trusted proxy: a spoofed header does not escape the limit', async () => {
		expect(await signIn('127.0.0.1', '198.51.100.1')).toBe(201);
		expect(await signIn('127.0.0.1', '198.51.100.2')).toBe(201);
		// A third address in the header changes nothing: the socket's address has used its two.
		expect(await signIn('127.0.0.1', '198.51.100.3')).toBe(429);
	});

	it('limits each client behind the trusted proxy on its own, by the rightmost untrusted hop', async () => {
		expect(await signIn(PROXY, '203.0.113.7')).toBe(201);
		expect(await signIn(PROXY, '203.0.113.7')).toBe(201);
		expect(await signIn(PROXY, '203.0.113.7')).toBe(429);
		// A client forging an address to the left of the one the proxy appended is still itself.
		expect(await signIn(PROXY, '203.0.113.99, 203.0.113.7')).toBe(429);
		// Another client behind the same proxy is not held back by the first.
		expect(await signIn(PROXY, '203.0.113.8')).toBe(201);
	});
});
