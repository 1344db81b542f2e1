import { describe, expect, it } from 'vitest';
import { OpsApiError } from '$lib/ops/api.ts';
import { AuditState } from './audit.svelte.ts';

const entry = { id: 'e1', at: '2026-12-04T10:00:00.000Z', kind: 'incident', action: 'closed', actor: { id: 'u1', name: 'Olga' }, subject: { type: 'incident', id: 'i1', name: null }, reason: null, replaced: 'acknowledged', result: 'closed' };

describe('the record’s screen state', () => {
	it('asks for what the filter says and keeps only the answer to the latest filter', async () => {
		const asked: string[] = [];
		const answers: ((value: unknown) => void)[] = [];
		const state = new AuditState({ request: ((_method: string, path: string) => (asked.push(path), new Promise((resolve) => answers.push(resolve)))) as never });
		state.filter.kind = 'incident';
		const first = state.load('providencia');
		state.filter.kind = 'staff';
		const second = state.load('providencia');
		expect(asked).toEqual(['/api/audit?municipality=providencia&kind=incident', '/api/audit?municipality=providencia&kind=staff']);
		answers[1]?.({ entries: [] });
		answers[0]?.({ entries: [entry] });
		await Promise.all([first, second]);
		expect(state.status).toBe('ready');
		expect(state.entries).toEqual([]);
	});

	it('says why it could not load', async () => {
		const state = new AuditState({
			request: (async () => {
				throw new OpsApiError(0, 'network', 'Failed to fetch');
			}) as never
		});
		await state.load('providencia');
		expect(state).toMatchObject({ status: 'error', error: 'Failed to fetch' });
	});

	it('lists the staff to filter by, by name, and does without when it cannot', async () => {
		const state = new AuditState({ request: (async () => ({ staff: [{ id: 'u2', username: 'zoe@p', displayName: null }, { id: 'u1', username: 'olga@p', displayName: 'Olga' }] })) as never });
		await state.loadStaff('providencia');
		expect(state.staff).toEqual([
			{ id: 'u1', name: 'Olga' },
			{ id: 'u2', name: 'zoe@p' }
		]);
		const failing = new AuditState({ request: (async () => Promise.reject(new Error('403'))) as never });
		await failing.loadStaff('providencia');
		expect(failing.staff).toEqual([]);
	});
});
