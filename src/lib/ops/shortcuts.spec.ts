import { describe, expect, it } from 'vitest';
import { moveIndex, shortcutOf } from './shortcuts.ts';

/** A stand-in element: what `closest` finds for the field selector. */
const element = (field: boolean, editable = false) => ({ isContentEditable: editable, closest: () => (field ? {} : null) }) as unknown as EventTarget;
const body = element(false);
const press = (key: string, target: EventTarget | null = body, over: Partial<KeyboardEvent> = {}) =>
	shortcutOf({ key, target, ctrlKey: false, metaKey: false, altKey: false, defaultPrevented: false, ...over });

describe('console shortcuts', () => {
	it('maps j/k, arrows, Enter, /, m and ?', () => {
		expect(['j', 'ArrowDown', 'k', 'ArrowUp', 'Enter', '/', 'm', '?', 'x'].map((k) => press(k))).toEqual(['next', 'next', 'previous', 'previous', 'open', 'search', 'mute', 'help', null]);
	});

	it('stays quiet while typing, with a modifier held, or with a dialog open', () => {
		expect([element(true), element(false, true)].map((t) => press('m', t))).toEqual([null, null]);
		expect(press('j', body, { ctrlKey: true })).toBeNull();
		expect(press('/', body, { metaKey: true })).toBeNull();
		expect(shortcutOf({ key: 'j', target: body, ctrlKey: false, metaKey: false, altKey: false, defaultPrevented: false }, true)).toBeNull();
	});

	it('moves within the list and stops at its ends', () => {
		expect(moveIndex(-1, 3, 'next')).toBe(0);
		expect(moveIndex(-1, 3, 'previous')).toBe(2);
		expect(moveIndex(2, 3, 'next')).toBe(2);
		expect(moveIndex(0, 3, 'previous')).toBe(0);
		expect(moveIndex(0, 0, 'next')).toBe(-1);
	});
});
