import { describe, expect, it } from 'vitest';
import { duplicateSuggestions } from './report-duplicates.ts';

const now = new Date('2026-11-21T12:00:00Z');
const corner = [-70.6128, -33.4255] as const;
const north = (m: number) => [corner[0], corner[1] + m / 111_195] as const;
const report = (id: string, over: Record<string, unknown> = {}) => ({
	id,
	category: 'streetlight_out',
	point: corner as readonly [number, number] | null,
	receivedAt: '2026-11-21T10:00:00Z',
	status: 'received',
	...over
});

describe('duplicateSuggestions', () => {
	it('offers recent open reports of the same category nearby, nearest first', () => {
		const reports = [report('far', { point: north(300) }), report('near', { point: north(20) }), report('other', { category: 'dumped_rubbish' })];
		expect(duplicateSuggestions(reports, { category: 'streetlight_out', point: corner }, now).map((r) => r.id)).toEqual(['near', 'far']);
	});

	it('leaves out old, closed, distant and unplaced reports, and offers at most three', () => {
		const reports = [
			report('old', { receivedAt: '2026-11-19T10:00:00Z' }),
			report('closed', { status: 'closed' }),
			report('distant', { point: north(1000) }),
			report('words', { point: null }),
			...['a', 'b', 'c', 'd'].map((id) => report(id))
		];
		expect(duplicateSuggestions(reports, { category: 'streetlight_out', point: corner }, now).map((r) => r.id)).toEqual(['a', 'b', 'c']);
	});
});
