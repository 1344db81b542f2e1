import { describe, expect, it } from 'vitest';
import { outcomeOf, retryDelay } from './backoff.ts';

describe('outcomeOf', () => {
	it('sorts answers into sent, retry and rejected', () => {
		expect([200, 201].map(outcomeOf)).toEqual(['sent', 'sent']);
		expect([400, 404, 422].map(outcomeOf)).toEqual(['rejected', 'rejected', 'rejected']);
		expect([408, 429, 500, 502, 503].map(outcomeOf)).toEqual(['retry', 'retry', 'retry', 'retry', 'retry']);
	});
});

describe('retryDelay', () => {
	const none = () => 0;
	it('doubles from the first delay and stops at the cap', () => {
		const b = { firstMs: 1000, maxMs: 10_000 };
		expect([1, 2, 3, 4, 5, 9].map((n) => retryDelay(n, b, none))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
	});
	it('spreads attempts by at most a fifth', () => {
		expect(retryDelay(1, { firstMs: 1000, maxMs: 1000 }, () => 1)).toBe(800);
	});
});
