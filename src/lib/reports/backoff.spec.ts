import { describe, expect, it } from 'vitest';
import { BACKOFF, retryDelay } from './backoff.ts';

describe('retryDelay', () => {
	it('doubles from 5 s up to 5 minutes', () => {
		const mid = () => 0.5;
		expect([1, 2, 3, 4].map((n) => retryDelay(n, mid))).toEqual([5_000, 10_000, 20_000, 40_000]);
		expect(retryDelay(30, mid)).toBe(BACKOFF.maxMs);
	});

	it('spreads each delay by at most 20 %', () => {
		expect(retryDelay(1, () => 0)).toBe(4_000);
		expect(retryDelay(1, () => 1)).toBe(6_000);
	});
});
