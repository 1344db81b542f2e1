import { describe, expect, it } from 'vitest';
import { createOpsApi } from '$lib/ops/api.ts';
import { createModerationApi, moderationQuery } from './api.ts';
import { flagged, json, refusal, server } from './fixtures.ts';

const message = { kind: 'message', thread: 'incident:i1', id: 'm1' } as const;

describe('the moderation client', () => {
	it('asks for one view of one municipality and reads its items', async () => {
		const s = server([json(200, { items: [flagged('m1')] })]);
		const api = createModerationApi(createOpsApi({ fetch: s.fetch }));
		expect(await api.queue('las condes', 'hidden')).toEqual([flagged('m1')]);
		expect(s.calls[0]).toEqual({ url: '/api/ops/moderation?municipality=las+condes&status=hidden', method: 'GET', body: undefined });
		expect(moderationQuery('providencia', 'open')).toBe('municipality=providencia&status=open');
	});

	it('sends each decision to its path, with the note only when there is one', async () => {
		const hidden = flagged('m1', { status: 'hidden', hidden: { reason: 'looks', note: null, at: '2026-12-04T12:00:00.000Z', by: 'Olga' } });
		const s = server([json(200, { item: hidden }), json(200, {}), json(200, {}), json(200, { item: flagged('m1') })]);
		const api = createModerationApi(createOpsApi({ fetch: s.fetch }));
		expect(await api.hide(message, 'looks')).toEqual(hidden);
		await api.dismiss({ kind: 'report', id: 'r1' }, 'fine as it is');
		await api.dismiss(message);
		expect(await api.restore(message, 'not a description')).toEqual(flagged('m1'));
		expect(s.calls.map((c) => [c.method, c.url, c.body])).toEqual([
			['POST', '/api/ops/moderation/hide', { item: message, reason: 'looks' }],
			['POST', '/api/ops/moderation/dismiss', { item: { kind: 'report', id: 'r1' }, note: 'fine as it is' }],
			['POST', '/api/ops/moderation/dismiss', { item: message }],
			['POST', '/api/ops/moderation/restore', { item: message, reason: 'not a description' }]
		]);
	});

	it("passes the server's refusals on with their codes", async () => {
		const s = server([refusal(409, 'already_hidden'), refusal(410, 'original_gone'), refusal(429, 'rate_limited', 'slow down', { 'retry-after': '30' })]);
		const api = createModerationApi(createOpsApi({ fetch: s.fetch }));
		expect(await api.hide(message, 'abuse').catch((e: unknown) => e)).toMatchObject({ status: 409, code: 'already_hidden' });
		expect(await api.restore(message, 'a mistake').catch((e: unknown) => e)).toMatchObject({ status: 410, code: 'original_gone' });
		expect(await api.dismiss(message).catch((e: unknown) => e)).toMatchObject({ status: 429, retryAfter: 30 });
	});

	it('signs in again in place when the session expired, and retries the decision once', async () => {
		const s = server([refusal(401, 'unauthenticated'), json(200, {})]);
		let asked = 0;
		const api = createModerationApi(createOpsApi({ fetch: s.fetch, onExpired: async () => void asked++ }));
		await api.dismiss(message, 'ok');
		expect(asked).toBe(1);
		expect(s.calls.map((c) => c.body)).toEqual([
			{ item: message, note: 'ok' },
			{ item: message, note: 'ok' }
		]);
	});
});
