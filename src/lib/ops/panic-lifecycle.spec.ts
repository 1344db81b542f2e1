import { describe, expect, it } from 'vitest';
import { nextPanicStatus } from './panic-lifecycle.ts';

describe('nextPanicStatus', () => {
	it('goes open → acknowledged → dispatched → closed', () => {
		expect(nextPanicStatus('open', 'acknowledge')).toBe('acknowledged');
		expect(nextPanicStatus('acknowledged', 'dispatch')).toBe('dispatched');
		expect(nextPanicStatus('dispatched', 'close')).toBe('closed');
	});

	it('refuses steps out of order, and anything once closed', () => {
		expect(nextPanicStatus('open', 'dispatch')).toBeNull();
		expect(nextPanicStatus('acknowledged', 'acknowledge')).toBeNull();
		expect(nextPanicStatus('dispatched', 'dispatch')).toBeNull();
		for (const action of ['acknowledge', 'dispatch', 'close'] as const) expect(nextPanicStatus('closed', action)).toBeNull();
	});

	it('closes a false alarm from any step before closed', () => {
		expect(nextPanicStatus('open', 'close')).toBe('closed');
		expect(nextPanicStatus('acknowledged', 'close')).toBe('closed');
	});
});
