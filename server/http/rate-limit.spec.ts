import { describe, expect, it } from 'vitest';
import { MemoryRateLimitStore, perWindow, RateLimiter } from './rate-limit.ts';

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

describe('MemoryRateLimitStore', () => {
	it('keeps one bucket per rule and key: count per window at once, then a wait until a token is back', async () => {
		let now = 0;
		const store = new MemoryRateLimitStore(() => now);
		const rule = perWindow('test alerts', 2, 1);
		expect([await store.take(rule, 'a'), await store.take(rule, 'a'), await store.take(rule, 'b')]).toEqual([0, 0, 0]);
		expect(await store.take(rule, 'a')).toBe(1);
		expect(await store.take(perWindow('another rule', 1, 1), 'a')).toBe(0);
		now = 500;
		expect(await store.take(rule, 'a')).toBe(0);
		await store.reset(rule, 'a');
		expect([await store.take(rule, 'a'), await store.take(rule, 'a')]).toEqual([0, 0]);
	});

	it('refuses two rules of one name with different budgets', async () => {
		const store = new MemoryRateLimitStore();
		await store.take(perWindow('twice', 1, 1), 'a');
		await expect(store.take(perWindow('twice', 2, 1), 'a')).rejects.toThrow(/twice/);
	});
});
