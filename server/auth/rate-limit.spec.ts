import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
	it('allows the capacity at once, then refuses with a wait in seconds', () => {
		let now = 0;
		const limiter = new RateLimiter(3, 1, () => now);
		expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
		expect(limiter.take('a')).toBe(1);
		expect(limiter.take('b')).toBe(0);
		now += 1000;
		expect(limiter.take('a')).toBe(0);
		expect(limiter.take('a')).toBeGreaterThan(0);
	});

	it('forgets keys on reset and sweeps idle ones', () => {
		let now = 0;
		const limiter = new RateLimiter(1, 1, () => now);
		limiter.take('a');
		expect(limiter.take('a')).toBeGreaterThan(0);
		limiter.reset('a');
		expect(limiter.take('a')).toBe(0);
		now += 120_000;
		limiter.take('b');
		expect(limiter.size).toBe(1);
	});
});
