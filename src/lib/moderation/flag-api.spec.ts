import { describe, expect, it } from 'vitest';
import type { FlagInput } from '$lib/domain/moderation.ts';
import { retryAt, sendFlag } from './flag-api.ts';

const flag: FlagInput = { item: { kind: 'message', thread: 'incident:i1', id: 'm1' }, reason: 'looks' };

/** A fetch that answers each call with the next real `Response`, and keeps what it was sent. */
function server(...answers: (() => Response)[]) {
	const calls: { url: string; init: RequestInit | undefined }[] = [];
	const fetcher = (async (url: string, init?: RequestInit) => {
		calls.push({ url, init });
		const next = answers.shift();
		if (!next) throw new Error('no more answers');
		return next();
	}) as typeof fetch;
	return { fetcher, calls };
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const offline = () => {
	throw new TypeError('Failed to fetch');
};

describe('sendFlag', () => {
	it('posts the flag as JSON with the session cookie, and reads the receipt', async () => {
		const { fetcher, calls } = server(json(202, { counted: true }));
		expect(await sendFlag({ ...flag, note: 'Describe a una persona' }, { fetch: fetcher })).toEqual({ kind: 'sent', counted: true });
		expect(calls).toHaveLength(1);
		expect(calls[0]?.url).toBe('/api/moderation/flags');
		expect(calls[0]?.init).toMatchObject({ method: 'POST', credentials: 'same-origin' });
		expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({ ...flag, note: 'Describe a una persona' });
	});

	it('gives the same thanks when this person had flagged it already', async () => {
		expect(await sendFlag(flag, { fetch: server(json(202, { counted: false })).fetcher })).toEqual({ kind: 'sent', counted: false });
	});

	it('sends nothing that is not a flag: "other" needs a note', async () => {
		const { fetcher, calls } = server();
		expect(await sendFlag({ ...flag, reason: 'other', note: '   ' }, { fetch: fetcher })).toEqual({ kind: 'invalid', field: 'note' });
		expect(await sendFlag({ item: { kind: 'report', id: 'not an id!' }, reason: 'abuse' }, { fetch: fetcher })).toEqual({ kind: 'invalid', field: 'item' });
		expect(calls).toHaveLength(0);
	});

	it('tells offline (nothing was sent) from a server that could not take it', async () => {
		expect(await sendFlag(flag, { fetch: server(offline).fetcher })).toEqual({ kind: 'offline' });
		expect(await sendFlag(flag, { fetch: server(json(503, { error: { code: 'unavailable', message: 'down' } })).fetcher })).toEqual({ kind: 'failed' });
	});

	it('says when to try again after too many flags', async () => {
		const now = () => Date.parse('2026-12-04T12:00:00Z');
		expect(await sendFlag(flag, { fetch: server(json(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'retry-after': '120' })).fetcher, now })).toEqual({
			kind: 'too_many',
			retryAt: Date.parse('2026-12-04T12:02:00Z')
		});
		expect(await sendFlag(flag, { fetch: server(() => new Response(null, { status: 429 })).fetcher, now })).toEqual({ kind: 'too_many', retryAt: null });
	});

	it('knows the item is gone', async () => {
		expect(await sendFlag(flag, { fetch: server(json(404, { error: { code: 'not_found', message: 'no such item' } })).fetcher })).toEqual({ kind: 'gone' });
	});

	it('gives the server’s words when it refuses the flag as it is', async () => {
		expect(await sendFlag(flag, { fetch: server(json(400, { error: { code: 'invalid', message: 'reason: must be one of the list' } })).fetcher })).toEqual({ kind: 'refused', message: 'reason: must be one of the list' });
		expect(await sendFlag(flag, { fetch: server(json(400, { code: 'invalid', message: 'bare shape' })).fetcher })).toEqual({ kind: 'refused', message: 'bare shape' });
		expect(await sendFlag(flag, { fetch: server(() => new Response('<html>', { status: 403 })).fetcher })).toEqual({ kind: 'refused', message: null });
	});

	it('signs the device in again once after a 401, then sends', async () => {
		const { fetcher, calls } = server(json(401, { error: { code: 'unauthenticated', message: 'sign in' } }), json(202, { counted: true }));
		let signIns = 0;
		const reauthenticate = async () => (signIns++, true);
		expect(await sendFlag(flag, { fetch: fetcher, reauthenticate })).toEqual({ kind: 'sent', counted: true });
		expect([calls.length, signIns]).toEqual([2, 1]);
	});

	it('is signed out when signing in again fails, or the server still says no', async () => {
		const unauthenticated = json(401, { error: { code: 'unauthenticated', message: 'sign in' } });
		expect(await sendFlag(flag, { fetch: server(unauthenticated).fetcher })).toEqual({ kind: 'signed_out' });
		expect(await sendFlag(flag, { fetch: server(unauthenticated).fetcher, reauthenticate: async () => false })).toEqual({ kind: 'signed_out' });
		const twice = server(unauthenticated, unauthenticated);
		expect(await sendFlag(flag, { fetch: twice.fetcher, reauthenticate: async () => true })).toEqual({ kind: 'signed_out' });
		expect(twice.calls).toHaveLength(2);
	});
});

describe('retryAt', () => {
	const now = Date.parse('2026-12-04T12:00:00Z');
	it('reads seconds or an HTTP date, and nothing else', () => {
		expect(retryAt('30', now)).toBe(now + 30_000);
		expect(retryAt('Fri, 04 Dec 2026 12:05:00 GMT', now)).toBe(Date.parse('2026-12-04T12:05:00Z'));
		expect(retryAt('Fri, 04 Dec 2026 11:00:00 GMT', now)).toBe(now);
		expect(retryAt('soon', now)).toBeNull();
		expect(retryAt(null, now)).toBeNull();
	});
});
