import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OwnPostingLimit } from '$lib/domain/moderation.ts';
import { fetchOwnLimits, limitIn } from './limits-api.ts';
import { PostingLimitState } from './posting-limit.svelte.ts';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const answering = (...answers: (() => Response)[]) =>
	(async () => {
		const next = answers.shift();
		if (!next) throw new TypeError('Failed to fetch');
		return next();
	}) as unknown as typeof fetch;

const NOW = Date.parse('2026-12-05T12:00:00.000Z');
const limit = (municipalityId: string, until: string, reason: OwnPostingLimit['reason'] = 'abuse'): OwnPostingLimit => ({ municipalityId, reason, until });

describe('the resident’s own posting limits', () => {
	it('reads them from the server, and says "unknown" for anything it cannot trust', async () => {
		const limits = [limit('providencia', '2026-12-12T12:00:00.000Z')];
		expect(await fetchOwnLimits(answering(() => json(200, { limits })))).toEqual({ kind: 'known', limits });
		expect(await fetchOwnLimits(answering(() => json(401, { error: { code: 'unauthenticated', message: 'x' } })))).toEqual({ kind: 'unknown' });
		expect(await fetchOwnLimits(answering(() => json(200, { limits: [{ municipalityId: 'p' }] })))).toEqual({ kind: 'unknown' });
		expect(await fetchOwnLimits(answering())).toEqual({ kind: 'unknown' });
	});

	it('finds the one in force in this municipality, ending last', () => {
		const limits = [limit('las-condes', '2026-12-30T00:00:00.000Z'), limit('providencia', '2026-12-06T00:00:00.000Z', 'looks'), limit('providencia', '2026-12-20T00:00:00.000Z'), limit('providencia', '2026-12-01T00:00:00.000Z')];
		expect(limitIn(limits, 'providencia', NOW)).toEqual(limits[2]);
		expect(limitIn(limits, 'nunoa', NOW)).toBeNull();
		expect(limitIn(limits, 'providencia', Date.parse('2026-12-21T00:00:00.000Z'))).toBeNull();
	});
});

describe('a thread’s posting limit', () => {
	afterEach(() => vi.useRealTimers());

	it('shows the limit once asked, keeps it when the server cannot be asked, and clears it at its end', async () => {
		vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
		const until = new Date(NOW + 60_000).toISOString();
		const state = new PostingLimitState('providencia', answering(() => json(200, { limits: [limit('providencia', until)] })));
		expect(state.limit).toBeNull();
		await state.check();
		expect(state.limit).toEqual(limit('providencia', until));
		await state.check(); // offline now: what was known stays
		expect(state.limit).toEqual(limit('providencia', until));
		vi.advanceTimersByTime(60_000);
		expect(state.limit).toBeNull();
		state.destroy();
	});

	it('clears when the server says the limit was lifted', async () => {
		const state = new PostingLimitState('providencia', answering(() => json(200, { limits: [limit('providencia', '2027-01-01T00:00:00.000Z')] }), () => json(200, { limits: [] })));
		await state.check();
		expect(state.limit).not.toBeNull();
		await state.check();
		expect(state.limit).toBeNull();
		state.destroy();
	});
});
