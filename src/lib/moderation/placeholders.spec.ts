import { describe, expect, it } from 'vitest';
import { withPlaceholders, type Placeholder, type ThreadLine } from './placeholders.ts';

const msg = (id: string, at: number | string) => ({ id, at, text: id });
const hid = (id: string, at: number, reason: Placeholder['reason'] = 'abuse'): Placeholder => ({ id, at, reason });
const ids = (lines: ThreadLine<{ id: string }>[]) => lines.map((line) => (line.kind === 'message' ? line.message.id : `[${line.hidden.id}]`));

describe('withPlaceholders', () => {
	it('gives the messages as they are when nothing is hidden', () => {
		expect(ids(withPlaceholders([msg('a', 1), msg('b', 2)], []))).toEqual(['a', 'b']);
		expect(withPlaceholders([], [])).toEqual([]);
	});

	it('puts each placeholder where its message was, by the message’s own time', () => {
		const messages = [msg('a', 10), msg('c', 30), msg('e', 50)];
		expect(ids(withPlaceholders(messages, [hid('d', 40), hid('b', 20)]))).toEqual(['a', '[b]', 'c', '[d]', 'e']);
		expect(ids(withPlaceholders(messages, [hid('first', 1), hid('last', 99)]))).toEqual(['[first]', 'a', 'c', 'e', '[last]']);
	});

	it('shows placeholders alone when every message is hidden', () => {
		expect(ids(withPlaceholders([], [hid('y', 2), hid('x', 1)]))).toEqual(['[x]', '[y]']);
	});

	it('keeps the list’s order of messages, even when their times are not in order', () => {
		// Written offline with a phone clock behind: the list order is what everyone sees.
		const messages = [msg('a', 10), msg('late', 5), msg('b', 30)];
		expect(ids(withPlaceholders(messages, [hid('h', 20)]))).toEqual(['a', 'late', '[h]', 'b']);
	});

	it('places a placeholder after messages of the same time, and ties between placeholders by id', () => {
		expect(ids(withPlaceholders([msg('a', 10), msg('b', 11)], [hid('z', 10), hid('y', 10)]))).toEqual(['a', '[y]', '[z]', 'b']);
	});

	it('never shows a message that is hidden, even if a copy of it is still in the list', () => {
		const lines = withPlaceholders([msg('a', 10), msg('b', 20), msg('c', 30)], [hid('b', 20, 'personal_data')]);
		expect(ids(lines)).toEqual(['a', '[b]', 'c']);
		expect(lines[1]).toEqual({ kind: 'hidden', hidden: { id: 'b', at: 20, reason: 'personal_data' } });
	});

	it('reads ISO times too (the console’s lines)', () => {
		const messages = [msg('a', '2026-01-01T10:00:00Z'), msg('b', '2026-01-01T12:00:00Z')];
		expect(ids(withPlaceholders(messages, [hid('h', Date.parse('2026-01-01T11:00:00Z'))]))).toEqual(['a', '[h]', 'b']);
	});
});
