/** The console's keyboard shortcuts (docs/operators.md "Keyboard shortcuts"). */
export type Shortcut = 'next' | 'previous' | 'open' | 'search' | 'mute' | 'help';

/** True while the person types: in a field, a list box or an editable area, shortcuts stay quiet. */
export function isTyping(target: EventTarget | null): boolean {
	if (!target || typeof (target as Element).closest !== 'function') return false;
	const element = target as HTMLElement;
	if (element.isContentEditable) return true;
	return element.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null;
}

/** The shortcut a key press means, or null (typing, a modifier held, an open dialog, another key). */
export function shortcutOf(event: Pick<KeyboardEvent, 'key' | 'target' | 'ctrlKey' | 'metaKey' | 'altKey' | 'defaultPrevented'>, dialogOpen = false): Shortcut | null {
	if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || dialogOpen) return null;
	if (isTyping(event.target)) return null;
	switch (event.key) {
		case 'j':
		case 'ArrowDown':
			return 'next';
		case 'k':
		case 'ArrowUp':
			return 'previous';
		case 'Enter':
			return 'open';
		case '/':
			return 'search';
		case 'm':
			return 'mute';
		case '?':
			return 'help';
		default:
			return null;
	}
}

/** The next index in a list of `length` after a move from `current` (-1: nothing selected yet). */
export function moveIndex(current: number, length: number, shortcut: 'next' | 'previous'): number {
	if (length === 0) return -1;
	if (current < 0) return shortcut === 'next' ? 0 : length - 1;
	return shortcut === 'next' ? Math.min(length - 1, current + 1) : Math.max(0, current - 1);
}
