import { describe, expect, it } from 'vitest';
import { createOpsApi, OpsApiError, staffMunicipalities } from './api.ts';

type Call = { url: string; init: RequestInit };
function server(answers: Array<(call: Call) => Response>) {
	const calls: Call[] = [];
	const fetch = (async (url: string, init: RequestInit) => {
		const call = { url, init };
		calls.push(call);
		const answer = answers.shift();
		if (!answer) throw new TypeError('Failed to fetch');
		return answer(call);
	}) as unknown as typeof globalThis.fetch;
	return { fetch, calls };
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('the console client', () => {
	it('sends JSON bodies to the contract paths and reads the answers', async () => {
		const s = server([json(200, { incident: { id: 'i 1' } })]);
		const api = createOpsApi({ fetch: s.fetch });
		const answer = await api.incidentAction('i 1', { action: 'acknowledge', version: 3 } as never);
		expect(answer).toEqual({ incident: { id: 'i 1' } });
		expect(s.calls[0]!.url).toBe('/api/ops/incidents/i%201/actions');
		expect(s.calls[0]!.init.method).toBe('POST');
		expect(JSON.parse(String(s.calls[0]!.init.body))).toEqual({ action: 'acknowledge', version: 3 });
		expect(api.streamUrl('las condes')).toBe('/api/ops/stream?municipality=las%20condes');
	});

	it('turns every refusal into one error type with status, code, message and retry-after', async () => {
		const s = server([json(429, { error: { code: 'rate_limited', message: 'Too many sign-in attempts.' } }, { 'retry-after': '42' }), () => new Response('<html>', { status: 502 })]);
		const api = createOpsApi({ fetch: s.fetch });
		const limited = await api.signIn('ana', 'x').catch((e: unknown) => e);
		expect(limited).toBeInstanceOf(OpsApiError);
		expect(limited).toMatchObject({ status: 429, code: 'rate_limited', message: 'Too many sign-in attempts.', retryAfter: 42 });
		expect(await api.queue('providencia').catch((e: unknown) => e)).toMatchObject({ status: 502, code: 'http_502' });
		expect(await api.queue('providencia').catch((e: unknown) => e)).toMatchObject({ status: 0, code: 'network' });
	});

	it('on an expired session waits for the in-place sign-in and retries the same request once', async () => {
		const s = server([json(401, { error: { code: 'unauthenticated', message: 'Sign in.' } }), json(200, { reportId: 'r', incidentId: 'i' })]);
		let asked = 0;
		const api = createOpsApi({ fetch: s.fetch, onExpired: async () => void asked++ });
		const body = { id: 'x', municipality: 'providencia', channel: 'phone', category: 'noise', description: 'Loud party', location: { kind: 'place', place: 'Plaza' } } as never;
		expect(await api.onBehalfReport(body)).toEqual({ reportId: 'r', incidentId: 'i' });
		expect(asked).toBe(1);
		expect(s.calls.map((c) => c.init.body)).toEqual([JSON.stringify(body), JSON.stringify(body)]);
	});

	it('throws the 401 when the operator gives up signing in, and never asks on sign-in itself', async () => {
		const s = server([json(401, { error: { code: 'unauthenticated', message: 'Sign in.' } }), json(401, { error: { code: 'invalid_credentials', message: 'Wrong.' } }), json(401, {})]);
		let asked = 0;
		const api = createOpsApi({ fetch: s.fetch, onExpired: () => (asked++, Promise.reject(new Error('cancelled'))) });
		expect(await api.queue('providencia').catch((e: unknown) => e)).toMatchObject({ status: 401, code: 'unauthenticated' });
		expect(await api.signIn('ana', 'bad').catch((e: unknown) => e)).toMatchObject({ status: 401, code: 'invalid_credentials' });
		expect(await api.me()).toBeNull();
		expect(asked).toBe(1);
	});

	it('takes a wrong current password for what it is, not for an expired session', async () => {
		const s = server([json(401, { error: { code: 'invalid_credentials', message: 'The current password is wrong.' } })]);
		let asked = 0;
		const api = createOpsApi({ fetch: s.fetch, onExpired: async () => void asked++ });
		expect(await api.changePassword('wrong', 'a-new-long-password').catch((e: unknown) => e)).toMatchObject({ status: 401, code: 'invalid_credentials' });
		expect(asked).toBe(0);
		expect(s.calls).toHaveLength(1);
	});

	it('lists the municipalities whose console a user may open', () => {
		expect(
			staffMunicipalities({
				memberships: [
					{ municipalityId: 'a', role: 'resident' },
					{ municipalityId: 'b', role: 'operator' },
					{ municipalityId: 'c', role: 'admin' }
				]
			})
		).toEqual(['b', 'c']);
	});
});
