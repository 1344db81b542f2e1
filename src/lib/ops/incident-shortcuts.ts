import { isTyping } from './shortcuts.ts';

/**
 * The incident page's keyboard shortcuts (docs/operators.md, "Keyboard shortcuts"). Pure: a key
 * press → what to do, or null. Never while the operator types (a text box, a list, an editable
 * area: the console's `isTyping`), nor with a modifier held (the browser's own shortcuts stay theirs).
 */
export const incidentShortcuts = {
	a: 'acknowledge',
	l: 'call',
	d: 'dispatch',
	r: 'refer',
	c: 'close',
	o: 'reopen',
	m: 'message',
	n: 'note',
	Escape: 'back'
} as const;
export type IncidentShortcut = (typeof incidentShortcuts)[keyof typeof incidentShortcuts];

export interface KeyPress {
	key: string;
	ctrlKey: boolean;
	metaKey: boolean;
	altKey: boolean;
	/** Where the key was pressed. */
	target: EventTarget | null;
	/** A dialog is open: it has the keyboard. */
	inDialog?: boolean;
}

export function shortcutFor(press: KeyPress): IncidentShortcut | null {
	if (press.ctrlKey || press.metaKey || press.altKey || press.inDialog || isTyping(press.target)) return null;
	const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
	return Object.hasOwn(incidentShortcuts, key) ? incidentShortcuts[key as keyof typeof incidentShortcuts] : null;
}
