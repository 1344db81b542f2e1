import { describe, expect, it } from 'vitest';
import { progressSteps } from './progress.ts';

describe('progressSteps', () => {
	it('moves through the lifecycle, one step more each time', () => {
		expect(progressSteps('saved_on_phone')).toEqual({ steps: ['saved', 'received', 'acknowledged', 'closed'], done: 1 });
		expect(progressSteps('acknowledged')).toEqual({ steps: ['saved', 'received', 'acknowledged', 'closed'], done: 3 });
		expect(progressSteps('in_progress')).toEqual({ steps: ['saved', 'received', 'acknowledged', 'in_progress', 'closed'], done: 4 });
		expect(progressSteps('referred').steps[3]).toBe('referred');
	});

	it('a closed report does not claim the steps it may have skipped', () => {
		expect(progressSteps('closed')).toEqual({ steps: ['saved', 'received', 'closed'], done: 3 });
	});

	it('practice and refused reports have no progress', () => {
		expect(progressSteps('practice').steps).toEqual([]);
		expect(progressSteps('refused').steps).toEqual([]);
	});
});
