import { describe, expect, it } from 'vitest';
import { preselectedReason, rankedReasons } from './reasons.ts';

describe('the reasons an item was flagged for', () => {
	it('ranks them by flags, leaving out the ones nobody chose', () => {
		expect(rankedReasons({ abuse: 1, looks: 3, other: 0, false: 2 })).toEqual([
			{ reason: 'looks', count: 3 },
			{ reason: 'false', count: 2 },
			{ reason: 'abuse', count: 1 }
		]);
	});

	it("breaks a tie in the contract's order, so personal data comes before other", () => {
		expect(rankedReasons({ other: 2, personal_data: 2 }).map((r) => r.reason)).toEqual(['personal_data', 'other']);
		expect(preselectedReason({ other: 1, abuse: 1 })).toBe('abuse');
	});

	it('preselects the most flagged reason, and none when nobody flagged it', () => {
		expect(preselectedReason({ looks: 1, personal_data: 4 })).toBe('personal_data');
		expect(preselectedReason({})).toBeNull();
	});
});
