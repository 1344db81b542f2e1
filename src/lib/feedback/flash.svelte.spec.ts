import { describe, expect, it } from 'vitest';
import { Flash } from './flash.svelte.ts';

describe('Flash', () => {
	it('keeps a message through the navigation it was shown for, and drops it at the next one', () => {
		const flash = new Flash();
		flash.show(() => 'Report saved');
		flash.navigated();
		expect(flash.current?.text()).toBe('Report saved');
		flash.navigated();
		expect(flash.current).toBeNull();
	});

	it('numbers each message, so the same text shown twice is a new announcement', () => {
		const flash = new Flash();
		flash.show(() => 'Saved');
		const first = flash.current?.serial;
		flash.show(() => 'Saved');
		expect(flash.current?.serial).not.toBe(first);
	});

	it('carries the offer to leave practice only when asked', () => {
		const flash = new Flash();
		flash.show(() => 'Practice', { offerLeavePractice: true });
		expect(flash.current?.offerLeavePractice).toBe(true);
		flash.show(() => 'Real');
		expect(flash.current?.offerLeavePractice).toBeUndefined();
		flash.clear();
		expect(flash.current).toBeNull();
	});
});
