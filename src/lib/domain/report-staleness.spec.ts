import { describe, expect, it } from 'vitest';
import { age, freshness } from './report-staleness.ts';

const now = new Date('2026-11-21T12:00:00Z');

describe('freshness', () => {
	it('is open with its age until the configured time, then stale; closed is closed', () => {
		expect(freshness({ status: 'received', receivedAt: '2026-11-21T11:00:00Z' }, now, 72)).toEqual({ state: 'open', ageMinutes: 60 });
		expect(freshness({ status: 'acknowledged', receivedAt: '2026-11-18T12:00:00Z' }, now, 72)).toEqual({ state: 'stale', ageMinutes: 72 * 60 });
		expect(freshness({ status: 'received', receivedAt: '2026-11-21T11:00:00Z' }, now, 0.5).state).toBe('stale');
		expect(freshness({ status: 'closed', receivedAt: '2026-11-01T00:00:00Z' }, now)).toEqual({ state: 'closed' });
	});

	it('never shows a negative age when the clocks disagree', () => {
		expect(freshness({ status: 'received', receivedAt: '2026-11-21T12:05:00Z' }, now)).toEqual({ state: 'open', ageMinutes: 0 });
	});
});

describe('age', () => {
	it('reads in minutes, then hours, then days', () => {
		expect(age(5)).toEqual({ unit: 'minutes', value: 5 });
		expect(age(187)).toEqual({ unit: 'hours', value: 3 });
		expect(age(47 * 60)).toEqual({ unit: 'hours', value: 47 });
		expect(age(3 * 1440 + 5)).toEqual({ unit: 'days', value: 3 });
	});
});
