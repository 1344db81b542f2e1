import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { allowedOrigin, bearerFrom } from './origin.ts';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('allowedOrigin', () => {
	it('allows no origin, the public origin and the host itself; refuses other sites', () => {
		expect(allowedOrigin(req({}), 'https://cuadra.example')).toBe(true);
		expect(allowedOrigin(req({ origin: 'https://cuadra.example' }), 'https://cuadra.example/')).toBe(true);
		expect(allowedOrigin(req({ origin: 'http://127.0.0.1:4000', host: '127.0.0.1:4000' }), 'https://cuadra.example')).toBe(true);
		expect(allowedOrigin(req({ origin: 'https://evil.example', host: 'cuadra.example' }), 'https://cuadra.example')).toBe(false);
	});
	it('reads bearer tokens', () => {
		expect(bearerFrom(req({ authorization: 'Bearer abc' }))).toBe('abc');
		expect(bearerFrom(req({ authorization: 'Basic abc' }))).toBeUndefined();
	});
});
