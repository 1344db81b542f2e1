import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * The network address a request comes from, for rate limits. Behind a reverse proxy every request
 * arrives from the proxy, so the client's address is taken from `X-Forwarded-For`, but only when
 * the direct peer is a proxy the operator listed in `CUADRA_TRUSTED_PROXIES`: anyone else could
 * write any address into that header. Pure apart from reading the request.
 */

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is `10.0.0.1`. */
export function normalizeAddress(address: string): string {
	const trimmed = address.trim();
	const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
	return mapped ? (mapped[1] as string) : trimmed.toLowerCase();
}

/** Splits and checks a list of addresses and CIDRs (commas or spaces). Throws naming a bad entry. */
export function parseTrustedProxies(value: string): string[] {
	const entries = value.split(/[\s,]+/).filter(Boolean);
	for (const entry of entries) {
		const [address = '', prefix, extra] = entry.split('/');
		const family = isIP(address);
		const max = family === 4 ? 32 : 128;
		const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max);
		if (!family || !prefixOk || extra !== undefined) throw new Error(`"${entry}" is not an IP address or CIDR range`);
	}
	return entries;
}

export interface ProxyMatcher {
	trusts(address: string): boolean;
}

/** A matcher for a list made by `parseTrustedProxies`. */
export function proxyMatcher(entries: readonly string[]): ProxyMatcher {
	const list = new BlockList();
	for (const entry of entries) {
		const [address = '', prefix] = entry.split('/');
		const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
		if (prefix === undefined) list.addAddress(normalizeAddress(address), type);
		else list.addSubnet(normalizeAddress(address), Number(prefix), type);
	}
	return {
		trusts(address) {
			const normal = normalizeAddress(address);
			const family = isIP(normal);
			return entries.length > 0 && family !== 0 && list.check(normal, family === 4 ? 'ipv4' : 'ipv6');
		}
	};
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then the rightmost
 * hop of `X-Forwarded-For` that is not itself a trusted proxy. A hop that is not an address stops
 * the walk at the proxy that wrote it.
 */
export function resolveClientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, proxies: ProxyMatcher): string {
	if (!peer) return 'unknown';
	let client = normalizeAddress(peer);
	if (!proxies.trusts(client) || !forwardedFor) return client;
	const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map((h) => h.trim()).filter(Boolean);
	for (let i = hops.length - 1; i >= 0; i--) {
		const hop = normalizeAddress(hops[i] as string);
		if (!isIP(hop)) return client;
		client = hop;
		if (!proxies.trusts(hop)) return hop;
	}
	return client;
}

const matchers = new WeakMap<readonly string[], ProxyMatcher>();

/** The address every rate limiter keys on. `trustedProxies` is `config.trustedProxies`. */
export function clientAddress(req: IncomingMessage, trustedProxies: readonly string[]): string {
	let matcher = matchers.get(trustedProxies);
	if (!matcher) matchers.set(trustedProxies, (matcher = proxyMatcher(trustedProxies)));
	return resolveClientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], matcher);
}
