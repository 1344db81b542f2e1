import { describe, expect, it } from 'vitest';
import { itemKey, type PostingLimitEntry } from '$lib/domain/moderation.ts';
import { createOpsApi } from '$lib/ops/api.ts';
import { createModerationApi } from './api.ts';
import { flagged, json, refusal, server } from './fixtures.ts';
import { ModerationState, focusAfter } from './moderation.svelte.ts';
import { DecisionList } from './decision-list.svelte.ts';

const stateOn = (answers: Parameters<typeof server>[0]) => {
	const s = server(answers);
	return { state: new ModerationState('providencia', createModerationApi(createOpsApi({ fetch: s.fetch }))), calls: s.calls };
};
const keys = (state: ModerationState) => state.items.map((e) => itemKey(e.item));

describe('the moderation page’s state', () => {
	it('loads the flagged items, then the hidden ones when asked', async () => {
		const hidden = flagged('m9', { status: 'hidden', hidden: { reason: 'abuse', note: null, at: '2026-12-04T12:00:00.000Z', by: 'Olga' } });
		const { state, calls } = stateOn([json(200, { items: [flagged('m1'), flagged('m2')] }), json(200, { items: [hidden] })]);
		expect(state.status).toBe('loading');
		await state.load();
		expect(state.status).toBe('ready');
		expect(keys(state)).toEqual(['message:incident:i1:m1', 'message:incident:i1:m2']);
		await state.show('hidden');
		expect(state.view).toBe('hidden');
		expect(state.items).toEqual([hidden]);
		expect(calls.map((c) => c.url)).toEqual(['/api/ops/moderation?municipality=providencia&status=open', '/api/ops/moderation?municipality=providencia&status=hidden']);
	});

	it('keeps only the answer to the view asked last', async () => {
		const answers: ((r: Response) => void)[] = [];
		const fetch = (() => new Promise<Response>((resolve) => answers.push(resolve))) as unknown as typeof globalThis.fetch;
		const state = new ModerationState('providencia', createModerationApi(createOpsApi({ fetch })));
		const first = state.load();
		const second = state.show('hidden');
		answers[1]?.(json(200, { items: [] })());
		answers[0]?.(json(200, { items: [flagged('m1')] })());
		await Promise.all([first, second]);
		expect(state).toMatchObject({ view: 'hidden', status: 'ready', items: [] });
	});

	it('says why the queue did not load, and loads again when asked', async () => {
		const { state } = stateOn([refusal(403, 'forbidden'), json(200, { items: [] })]);
		await state.load();
		expect(state.status).toBe('error');
		expect(state.loadError).toMatchObject({ status: 403 });
		await state.show('open');
		expect(state).toMatchObject({ status: 'ready', loadError: null });
	});

	it('takes an item out of the list once the server recorded the decision, and says what was done', async () => {
		const m1 = flagged('m1');
		const hiddenM1 = { ...m1, status: 'hidden', hidden: { reason: 'looks', note: 'a face', at: '2026-12-04T12:00:00.000Z', by: 'Olga' } };
		const report = flagged('r1', { item: { kind: 'report', id: 'r1' } });
		const { state, calls } = stateOn([json(200, { items: [m1, report, flagged('m2')] }), json(200, { item: hiddenM1 }), json(200, {})]);
		await state.load();
		expect(await state.hide({ kind: 'message', thread: 'incident:i1', id: 'm1' }, 'looks', '  a face ')).toBe(true);
		expect(state.done).toEqual({ action: 'hidden', reason: 'looks' });
		expect(calls[1]?.body).toEqual({ item: m1.item, reason: 'looks', note: 'a face' });
		expect(await state.dismiss(report.item, '   ')).toBe(true);
		expect(calls[2]?.body).toEqual({ item: report.item });
		expect(state.done).toEqual({ action: 'dismissed' });
		expect(keys(state)).toEqual(['message:incident:i1:m2']);
		expect(state.busy).toBe(false);
	});

	it('restores, with the reason trimmed', async () => {
		const hidden = flagged('m1', { status: 'hidden', hidden: { reason: 'abuse', note: null, at: '2026-12-04T12:00:00.000Z', by: null } });
		const { state, calls } = stateOn([json(200, { items: [hidden] }), json(200, { item: flagged('m1') })]);
		await state.show('hidden');
		expect(await state.restore({ kind: 'message', thread: 'incident:i1', id: 'm1' }, ' not abuse, a quote ')).toBe(true);
		expect(calls[1]?.body).toEqual({ item: hidden.item, reason: 'not abuse, a quote' });
		expect(state.done).toEqual({ action: 'restored' });
		expect(state.items).toEqual([]);
	});

	it('keeps a refused item and says why; when someone else decided first it reads the list again', async () => {
		const { state, calls } = stateOn([
			json(200, { items: [flagged('m1'), flagged('m2')] }),
			refusal(429, 'rate_limited', 'slow', { 'retry-after': '5' }),
			refusal(409, 'already_hidden'),
			json(200, { items: [flagged('m2')] })
		]);
		await state.load();
		const m1 = { kind: 'message', thread: 'incident:i1', id: 'm1' } as const;
		expect(await state.hide(m1, 'abuse')).toBe(false);
		expect(state.refusal).toMatchObject({ key: 'message:incident:i1:m1', error: { status: 429 } });
		expect(keys(state)).toEqual(['message:incident:i1:m1', 'message:incident:i1:m2']);
		expect(state.done).toBeNull();

		expect(await state.hide(m1, 'abuse')).toBe(false);
		expect(state.refusal).toMatchObject({ key: 'message:incident:i1:m1', error: { code: 'already_hidden' } });
		expect(keys(state)).toEqual(['message:incident:i1:m2']);
		expect(state.status).toBe('ready');
		expect(calls).toHaveLength(4);
	});

	it('limits the author for some days and keeps the item, which the limit decides nothing about', async () => {
		const { state, calls } = stateOn([json(200, { items: [flagged('m1')] }), json(201, { limit: { id: 'l1', until: '2026-12-12T10:00:00.000Z' } }), refusal(409, 'already_limited')]);
		await state.load();
		const item = { kind: 'message', thread: 'incident:i1', id: 'm1' } as const;
		expect(await state.limit(item, 'abuse', 7, ' insults ')).toBe(true);
		expect(calls[1]).toMatchObject({ url: '/api/ops/moderation/limits', method: 'POST', body: { item, reason: 'abuse', days: 7, note: 'insults' } });
		expect(state.done).toEqual({ action: 'limited', until: '2026-12-12T10:00:00.000Z' });
		expect(keys(state)).toEqual(['message:incident:i1:m1']);
		expect(await state.limit(item, 'abuse', 7)).toBe(false);
		expect(state.refusal).toMatchObject({ key: 'message:incident:i1:m1', error: { code: 'already_limited' } });
		expect(keys(state)).toEqual(['message:incident:i1:m1']);
	});

	it('takes one decision at a time', async () => {
		const { state, calls } = stateOn([json(200, { items: [flagged('m1')] }), json(200, {})]);
		await state.load();
		const item = { kind: 'message', thread: 'incident:i1', id: 'm1' } as const;
		const [first, second] = await Promise.all([state.dismiss(item), state.dismiss(item)]);
		expect([first, second]).toEqual([true, false]);
		expect(calls).toHaveLength(2);
	});
});

describe('where the focus goes after a decision', () => {
	const items = [flagged('a'), flagged('b'), flagged('c')];
	it('to the item that takes its place, else the one before, else nowhere', () => {
		expect(focusAfter(items, 'message:incident:i1:a')).toBe('message:incident:i1:b');
		expect(focusAfter(items, 'message:incident:i1:c')).toBe('message:incident:i1:b');
		expect(focusAfter([flagged('a')], 'message:incident:i1:a')).toBeNull();
		expect(focusAfter(items, 'message:incident:i1:zzz')).toBeNull();
	});
});

describe('the posting limits in force', () => {
	const entry = (id: string): PostingLimitEntry => ({ id, item: { kind: 'message', thread: 'incident:i1', id: `m-${id}` }, incidentId: 'i1', reason: 'abuse', note: null, at: '2026-12-04T10:00:00.000Z', until: '2026-12-11T10:00:00.000Z', by: 'Olga' });
	const limitsOn = (answers: Parameters<typeof server>[0]) => {
		const s = server(answers);
		const api = createModerationApi(createOpsApi({ fetch: s.fetch }));
		const state = new DecisionList<PostingLimitEntry, 'lifted'>(() => api.limits('providencia'));
		return { state, lift: (id: string, reason: string) => state.decide(id, () => api.lift(id, reason.trim()), 'lifted'), calls: s.calls };
	};

	it('lists them, and an admin’s lift takes one out once the server recorded it', async () => {
		const { state, lift, calls } = limitsOn([json(200, { limits: [entry('l1'), entry('l2')] }), json(200, {})]);
		await state.load();
		expect(calls[0]?.url).toBe('/api/ops/moderation/limits?municipality=providencia');
		expect(await lift('l1', '  apologised ')).toBe(true);
		expect(calls[1]).toMatchObject({ url: '/api/ops/moderation/limits/lift', body: { id: 'l1', reason: 'apologised' } });
		expect(state.entries.map((l) => l.id)).toEqual(['l2']);
		expect(state.done).toBe('lifted');
	});

	it('keeps the list when a lift is refused, and reads it again when the limit had ended', async () => {
		const { state, lift } = limitsOn([json(200, { limits: [entry('l1')] }), refusal(403, 'forbidden'), refusal(409, 'not_in_force'), json(200, { limits: [] })]);
		await state.load();
		expect(await lift('l1', 'because')).toBe(false);
		expect(state.refusal).toMatchObject({ id: 'l1', error: { status: 403 } });
		expect(state.entries).toHaveLength(1);
		expect(await lift('l1', 'because')).toBe(false);
		expect(state.refusal).toMatchObject({ id: 'l1', error: { code: 'not_in_force' } });
		expect(state.entries).toEqual([]);
	});

	it('says why they did not load', async () => {
		const { state } = limitsOn([refusal(403, 'forbidden')]);
		await state.load();
		expect(state).toMatchObject({ status: 'error', loadError: { status: 403 } });
	});
});
