import { describe, expect, it } from 'vitest';
import { panicActionsFor } from './panic.ts';

describe('panicActionsFor', () => {
	it('moves forward only, and nothing once closed', () => {
		expect(panicActionsFor('open')).toEqual(['acknowledge', 'dispatch', 'close']);
		expect(panicActionsFor('acknowledged')).toEqual(['dispatch', 'close']);
		expect(panicActionsFor('dispatched')).toEqual(['close']);
		expect(panicActionsFor('closed')).toEqual([]);
	});
});
