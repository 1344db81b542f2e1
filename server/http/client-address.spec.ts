import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, normalizeAddress, parseTrustedProxies, proxyMatcher, resolveClientAddress } from './client-address.ts';

const req = (peer: string, xff?: string) => ({ socket: { remoteAddress: peer }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as unknown as IncomingMessage;

describe('client address for rate limits', () => {
	it('ignores X-Forwarded-For when no proxy is trusted (the default) or the peer is not one', () => {
		expect(clientAddress(req('203.0.113.9', '198.51.100.1'), [])).toBe('203.0.113.9');
		expect(clientAddress(req('203.0.113.9', '198.51.100.1'), ['10.0.0.0/8'])).toBe('203.0.113.9');
		expect(clientAddress(req('::ffff:203.0.113.9', '1.1.1.1'), ['10.0.0.1'])).toBe('203.0.113.9');
	});

	it('takes the rightmost hop that is not a trusted proxy when the peer is trusted', () => {
		const trusted = ['10.0.0.0/8', '2001:db8::/32'];
		expect(clientAddress(req('10.0.0.2', '198.51.100.7'), trusted)).toBe('198.51.100.7');
		// A client that forges a header still gets its real address appended by the proxy: the forgery is to its left.
		expect(clientAddress(req('10.0.0.2', '1.2.3.4, 198.51.100.7'), trusted)).toBe('198.51.100.7');
		// Two proxies in a row.
		expect(clientAddress(req('10.0.0.2', '1.2.3.4, 198.51.100.7, 10.9.9.9'), trusted)).toBe('198.51.100.7');
		expect(clientAddress(req('2001:db8::1', '2001:DB8:1::5, 2a00::1'), trusted)).toBe('2a00::1');
		expect(clientAddress(req('::ffff:10.0.0.2', '::ffff:198.51.100.7'), trusted)).toBe('198.51.100.7');
	});

	it('falls back safely: no header, garbage hops, every hop trusted, no peer', () => {
		const trusted = ['10.0.0.0/8'];
		expect(clientAddress(req('10.0.0.2'), trusted)).toBe('10.0.0.2');
		expect(clientAddress(req('10.0.0.2', 'not-an-ip, 198.51.100.7'), trusted)).toBe('198.51.100.7');
		expect(clientAddress(req('10.0.0.2', '198.51.100.7, garbage'), trusted)).toBe('10.0.0.2');
		expect(clientAddress(req('10.0.0.2', '10.0.0.3, 10.0.0.4'), trusted)).toBe('10.0.0.3');
		expect(resolveClientAddress(undefined, '1.2.3.4', proxyMatcher(trusted))).toBe('unknown');
		expect(resolveClientAddress('10.0.0.2', ['198.51.100.1', '198.51.100.2'], proxyMatcher(trusted))).toBe('198.51.100.2');
	});

	it('parses and checks the list of proxies', () => {
		expect(parseTrustedProxies('')).toEqual([]);
		expect(parseTrustedProxies('127.0.0.1, 10.0.0.0/8 ::1 fd00::/8')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']);
		expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/10\.0\.0\.0\/33/);
		expect(() => parseTrustedProxies('proxy.example')).toThrow(/not an IP/);
		expect(() => parseTrustedProxies('1.2.3.4/8/1')).toThrow();
		expect(normalizeAddress(' ::FFFF:1.2.3.4 ')).toBe('1.2.3.4');
		expect(proxyMatcher([]).trusts('127.0.0.1')).toBe(false);
	});
});
