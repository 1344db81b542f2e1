import { describe, expect, it } from 'vitest';
import { incidentFor, sameEvent, type GroupableReport } from './incident.ts';

const corner = [-70.6128, -33.4255] as const;
/** About `m` metres north of the corner. */
const north = (m: number) => [corner[0], corner[1] + m / 111_195] as const;

const existing = (over: Partial<GroupableReport> = {}): GroupableReport => ({
	incidentId: 'inc-1',
	category: 'robbery',
	group: 'security',
	point: corner,
	reportedAt: '2026-11-21T09:00:00Z',
	open: true,
	...over
});

describe('incident grouping', () => {
	it('joins witnesses of one security event: any category of the group, near, within two hours', () => {
		const report = { category: 'commotion', group: 'security' as const, point: north(150), reportedAt: '2026-11-21T10:30:00Z' };
		expect(incidentFor(report, [existing()])).toBe('inc-1');
	});

	it('keeps apart events too far in space or time, of another group, or already closed', () => {
		const base = { category: 'robbery', group: 'security' as const, point: north(10), reportedAt: '2026-11-21T09:10:00Z' };
		expect(incidentFor({ ...base, point: north(400) }, [existing()])).toBeNull();
		expect(incidentFor({ ...base, reportedAt: '2026-11-21T11:30:00Z' }, [existing()])).toBeNull();
		expect(incidentFor({ ...base, group: 'neighbourhood', category: 'streetlight_out' }, [existing()])).toBeNull();
		expect(incidentFor(base, [existing({ open: false })])).toBeNull();
		expect(incidentFor({ ...base, point: null }, [existing()])).toBeNull();
	});

	it('joins neighbourhood reports of the same thing over days, but not different things on one corner', () => {
		const light = existing({ category: 'streetlight_out', group: 'neighbourhood' });
		const later = { category: 'streetlight_out', group: 'neighbourhood' as const, point: north(40), reportedAt: '2026-11-28T20:00:00Z' };
		expect(sameEvent(later, light)).toBe(true);
		expect(sameEvent({ ...later, category: 'dumped_rubbish' }, light)).toBe(false);
		expect(sameEvent({ ...later, point: north(120) }, light)).toBe(false);
	});

	it('groups a duplicate made offline that arrives late by the time it was reported', () => {
		// Reported at 09:20 by a phone with no signal, arriving hours later: still the 09:00 event.
		const late = { category: 'robbery', group: 'security' as const, point: north(50), reportedAt: '2026-11-21T09:20:00Z' };
		expect(incidentFor(late, [existing()])).toBe('inc-1');
	});

	it('picks the incident of the nearest matching report', () => {
		const report = { category: 'robbery', group: 'security' as const, point: north(200), reportedAt: '2026-11-21T09:10:00Z' };
		expect(incidentFor(report, [existing(), existing({ incidentId: 'inc-2', point: north(250) })])).toBe('inc-2');
	});
});
