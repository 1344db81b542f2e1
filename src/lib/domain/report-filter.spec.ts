import { describe, expect, it } from 'vitest';
import { filterReports, groupByIncident } from './report-filter.ts';

const now = new Date('2026-11-21T12:00:00Z');
const r = (id: string, over: Record<string, string> = {}) => ({ id, incidentId: id, category: 'robbery', status: 'received', receivedAt: '2026-11-21T11:00:00Z', ...over });

describe('filterReports', () => {
	const reports = [
		r('new'),
		r('light', { category: 'streetlight_out', receivedAt: '2026-11-20T11:00:00Z' }),
		r('stale', { receivedAt: '2026-11-15T11:00:00Z' }),
		r('closed', { status: 'closed', receivedAt: '2026-11-21T10:00:00Z' }),
		r('ancient', { receivedAt: '2026-01-01T00:00:00Z' })
	];
	it('filters by category, status and time, newest first', () => {
		const ids = (f: Parameters<typeof filterReports>[1]) => filterReports(reports, f, now, 72).map((x) => x.id);
		expect(ids({ category: 'all', status: 'all', time: '7d' })).toEqual(['new', 'closed', 'light', 'stale']);
		expect(ids({ category: 'streetlight_out', status: 'all', time: 'all' })).toEqual(['light']);
		expect(ids({ category: 'all', status: 'open', time: '24h' })).toEqual(['new']);
		expect(ids({ category: 'all', status: 'stale', time: 'all' })).toEqual(['stale', 'ancient']);
		expect(ids({ category: 'all', status: 'closed', time: 'all' })).toEqual(['closed']);
	});
});

describe('groupByIncident', () => {
	it('shows one entry per incident, led by its first report, latest activity first', () => {
		const groups = groupByIncident([
			r('a', { incidentId: 'x', receivedAt: '2026-11-21T09:00:00Z' }),
			r('b', { incidentId: 'y', receivedAt: '2026-11-21T10:00:00Z' }),
			r('c', { incidentId: 'x', receivedAt: '2026-11-21T11:00:00Z' })
		]);
		expect(groups.map((g) => [g.incidentId, g.lead.id, g.others.map((o) => o.id)])).toEqual([
			['x', 'a', ['c']],
			['y', 'b', []]
		]);
	});
});
