import { describe, expect, it } from 'vitest';
import { WindowLimit } from './window-limit.ts';

describe('WindowLimit', () => {
	it('allows max hits per window per key, then again once the window has passed', () => {
		let now = 0;
		const limit = new WindowLimit(2, 1000, () => now);
		expect([limit.allow('a'), limit.allow('a'), limit.allow('a'), limit.allow('b')]).toEqual([true, true, false, true]);
		now = 999;
		expect(limit.allow('a')).toBe(false);
		now = 1000;
		expect(limit.allow('a')).toBe(true);
	});
});
