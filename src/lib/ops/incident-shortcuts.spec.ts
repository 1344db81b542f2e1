import { describe, expect, it } from 'vitest';
import { shortcutFor } from './incident-shortcuts.ts';

/** A stand-in element: `closest` finds a field when it is one (as the console's isTyping asks). */
const el = (tagName: string, extra: Record<string, unknown> = {}) =>
	({ tagName, isContentEditable: false, ...extra, closest: () => (['INPUT', 'TEXTAREA', 'SELECT'].includes(tagName) ? {} : null) }) as unknown as EventTarget;
const press = (key: string, target: EventTarget | null = el('BODY'), more: Partial<Parameters<typeof shortcutFor>[0]> = {}) =>
	shortcutFor({ key, ctrlKey: false, metaKey: false, altKey: false, target, ...more });

describe('shortcutFor', () => {
	it('maps the letters to decisions, in either case, and Esc to the queue', () => {
		expect(press('a')).toBe('acknowledge');
		expect(press('D')).toBe('dispatch');
		expect(press('c')).toBe('close');
		expect(press('n')).toBe('note');
		expect(press('Escape')).toBe('back');
		expect(press('x')).toBeNull();
		expect(press('toString')).toBeNull();
	});

	it('never acts while the operator types, nor over the browser’s own shortcuts or an open dialog', () => {
		expect(press('a', el('TEXTAREA'))).toBeNull();
		expect(press('c', el('INPUT', { type: 'text' }))).toBeNull();
		expect(press('Escape', el('INPUT', { type: 'search' }))).toBeNull();
		expect(press('d', el('SELECT'))).toBeNull();
		expect(press('n', el('DIV', { isContentEditable: true }))).toBeNull();
		expect(press('c', el('BODY'), { ctrlKey: true })).toBeNull();
		expect(press('a', el('BODY'), { metaKey: true })).toBeNull();
		expect(press('c', el('BODY'), { inDialog: true })).toBeNull();
	});

	it('acts from a focused button (not typing)', () => {
		expect(press('a', el('BUTTON'))).toBe('acknowledge');
	});
});
