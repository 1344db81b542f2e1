import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff.ts';

// The reports' schedule (5 s up to 5 minutes) and the panic alerts' (2 s up to 5 minutes) are one
// policy with different first delays.
const reports = { firstMs: 5_000, maxMs: 5 * 60_000 };
const mid = () => 0.5;

describe('retryDelay', () => {
	it('doubles from the first delay up to the cap', () => {
		expect([1, 2, 3, 4].map((n) => retryDelay(n, reports, mid))).toEqual([5_000, 10_000, 20_000, 40_000]);
		expect(retryDelay(30, reports, mid)).toBe(reports.maxMs);
		const b = { firstMs: 1000, maxMs: 10_000 };
		expect([1, 2, 3, 4, 5, 9].map((n) => retryDelay(n, b, mid))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
	});

	it('spreads each delay by at most 20 %, both ways', () => {
		expect(retryDelay(1, reports, () => 0)).toBe(4_000);
		expect(retryDelay(1, reports, () => 1)).toBe(6_000);
		expect(retryDelay(1, { firstMs: 1000, maxMs: 1000 }, () => 0)).toBe(800);
		expect(retryDelay(1, { firstMs: 1000, maxMs: 1000 }, () => 1)).toBe(1200);
	});
});
