import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OwnDecision } from '$lib/domain/moderation.ts';
import { askReview, fetchAboutMe, limitIn } from './about-me-api.ts';
import { DecisionsAboutMe } from './about-me.svelte.ts';

const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
/** A fetch answering each call with the next real `Response`, keeping what it was sent; none left: offline. */
function server(...answers: (() => Response)[]) {
	const calls: { url: string; init: RequestInit | undefined }[] = [];
	const fetcher = (async (url: string, init?: RequestInit) => {
		calls.push({ url, init });
		const next = answers.shift();
		if (!next) throw new TypeError('Failed to fetch');
		return next();
	}) as unknown as typeof fetch;
	return { fetcher, calls };
}

const NOW = Date.parse('2026-12-05T12:00:00.000Z');
const ID = '7d3f0a52-3f0e-4c1b-9a57-0d2b8c6f1e11';
const limited = (municipalityId: string, until: string, over: Partial<OwnDecision> = {}): OwnDecision => ({ kind: 'limited', id: ID, municipalityId, thread: 'incident:i1', messageId: 'm1', reason: 'abuse', at: '2026-12-01T00:00:00.000Z', until, inForce: true, review: null, ...over });
const hidden = (messageId: string, over: Partial<OwnDecision> = {}): OwnDecision => ({ kind: 'hidden', id: ID, municipalityId: 'providencia', thread: 'incident:i1', messageId, reason: 'looks', at: '2026-12-01T00:00:00.000Z', until: null, inForce: true, review: null, ...over });

describe('the decisions about the resident', () => {
	it('are read from the server, and "unknown" for anything the phone cannot trust', async () => {
		const decisions = [hidden('m1')];
		expect(await fetchAboutMe(server(json(200, { decisions })).fetcher)).toEqual({ kind: 'known', decisions });
		expect(await fetchAboutMe(server(json(401, { error: { code: 'unauthenticated', message: 'x' } })).fetcher)).toEqual({ kind: 'unknown' });
		expect(await fetchAboutMe(server(json(200, { decisions: [{ kind: 'hidden' }] })).fetcher)).toEqual({ kind: 'unknown' });
		expect(await fetchAboutMe(server().fetcher)).toEqual({ kind: 'unknown' });
	});

	it('give the limit in force in this municipality, ending last', () => {
		const decisions = [limited('las-condes', '2026-12-30T00:00:00.000Z'), limited('providencia', '2026-12-06T00:00:00.000Z'), limited('providencia', '2026-12-20T00:00:00.000Z'), limited('providencia', '2026-12-29T00:00:00.000Z', { inForce: false }), hidden('m1')];
		expect(limitIn(decisions, 'providencia', NOW)).toEqual(decisions[2]);
		expect(limitIn(decisions, 'nunoa', NOW)).toBeNull();
		expect(limitIn(decisions, 'providencia', Date.parse('2026-12-21T00:00:00.000Z'))).toBeNull();
	});
});

describe('asking for a review', () => {
	const decision = { kind: 'hidden', id: ID } as const;
	it('posts the decision and the reason, and sorts every answer', async () => {
		const s = server(json(201, { id: 'r1' }));
		expect(await askReview(decision, ' No di una dirección ', s.fetcher)).toEqual({ kind: 'sent' });
		expect(s.calls[0]).toMatchObject({ url: '/api/moderation/reviews', init: { method: 'POST', credentials: 'same-origin' } });
		expect(JSON.parse(String(s.calls[0]?.init?.body))).toEqual({ decision, reason: 'No di una dirección' });
		const refusal = (status: number, code: string) => server(json(status, { error: { code, message: code } })).fetcher;
		expect(await askReview(decision, 'otra vez', refusal(409, 'already_asked'))).toEqual({ kind: 'already' });
		expect(await askReview(decision, 'otra vez', refusal(409, 'not_in_force'))).toEqual({ kind: 'gone' });
		expect(await askReview(decision, 'otra vez', refusal(404, 'not_found'))).toEqual({ kind: 'gone' });
		expect(await askReview(decision, 'otra vez', refusal(500, 'internal'))).toEqual({ kind: 'failed' });
		expect(await askReview(decision, 'otra vez', server().fetcher)).toEqual({ kind: 'offline' });
		const slow = server(() => new Response('{}', { status: 429, headers: { 'retry-after': '60' } }));
		expect(await askReview(decision, 'otra vez', slow.fetcher, () => NOW)).toEqual({ kind: 'too_many', retryAt: NOW + 60_000 });
		const none = server();
		expect(await askReview(decision, 'no', none.fetcher)).toEqual({ kind: 'invalid' });
		expect(none.calls).toEqual([]);
	});
});

describe('a thread’s view of them', () => {
	afterEach(() => vi.useRealTimers());

	it('shows the limit once asked, keeps it when the server cannot be asked, and clears it at its end', async () => {
		vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
		const until = new Date(NOW + 60_000).toISOString();
		const state = new DecisionsAboutMe('providencia', server(json(200, { decisions: [limited('providencia', until)] })).fetcher);
		expect(state.limit).toBeNull();
		await state.check();
		expect(state.limit).toMatchObject({ kind: 'limited', until });
		await state.check(); // offline now: what was known stays
		expect(state.limit).toMatchObject({ until });
		vi.advanceTimersByTime(60_000);
		expect(state.limit).toBeNull();
		state.destroy();
	});

	it('knows which hidden messages are the resident’s, and marks a review as waiting once asked', async () => {
		const state = new DecisionsAboutMe('providencia', server(json(200, { decisions: [hidden('m1')] }), json(201, { id: 'r1' })).fetcher, () => NOW);
		await state.check();
		expect(state.hidden('incident:i1', 'm1')).toMatchObject({ kind: 'hidden', review: null });
		expect(state.hidden('incident:i1', 'm2')).toBeUndefined();
		expect(await state.ask(state.hidden('incident:i1', 'm1')!, 'No describía a nadie')).toEqual({ kind: 'sent' });
		expect(state.hidden('incident:i1', 'm1')?.review).toEqual({ status: 'pending', asked: new Date(NOW).toISOString(), reason: null, decidedAt: null });
		state.destroy();
	});
	it('name the parts of the resident’s own report that were hidden, from what the server said', async () => {
		const description = hidden('', { id: 'd1', thread: null, messageId: null, report: 'r1', part: 'description' });
		const photo = hidden('', { id: 'p1', thread: null, messageId: null, report: 'r1', part: 'photo', review: { status: 'reversed', asked: '2026-12-02T00:00:00.000Z', reason: 'Es un lugar público', decidedAt: '2026-12-03T00:00:00.000Z' } });
		const about = new DecisionsAboutMe('providencia', server(json(200, { decisions: [hidden('m1'), description, photo, hidden('', { id: 'x', report: 'r2', part: 'description' })] })).fetcher, () => NOW);
		expect(about.reportParts('r1')).toEqual([]);
		await about.check();
		expect(about.reportParts('r1')).toEqual([description, photo]);
		expect(about.reportParts('r3')).toEqual([]);
		expect(about.closingReview('r1')).toBeUndefined();
		about.destroy();
	});
	it('give the review of a closing the resident asked for with a request to reopen, and only theirs', async () => {
		const closing = hidden('', { kind: 'closed', id: 'e1', thread: null, messageId: null, report: 'r1', part: null, reason: null, review: { status: 'upheld', asked: '2026-12-02T00:00:00.000Z', reason: 'Se atendió', decidedAt: '2026-12-03T00:00:00.000Z' } });
		const about = new DecisionsAboutMe('providencia', server(json(200, { decisions: [closing] })).fetcher, () => NOW);
		await about.check();
		expect(about.closingReview('r1')).toEqual(closing);
		expect(about.closingReview('r2')).toBeUndefined();
		expect(about.reportParts('r1')).toEqual([]);
		about.destroy();
	});
});
