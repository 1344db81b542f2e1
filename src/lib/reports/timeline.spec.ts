import { describe, expect, it } from 'vitest';
import type { PublicEvent } from '$lib/domain/lifecycle.ts';
import { currentState, pinnedClosing, readEvents, threadView, timelineItems } from './timeline.ts';

const at = (minutes: number) => Date.parse('2026-12-03T10:00:00Z') + minutes * 60_000;
const ev = (id: string, type: PublicEvent['type'], minutes: number, over: Partial<PublicEvent> = {}): PublicEvent => ({ id, author: 'municipality', type, at: at(minutes), ...over });
const feed = (status: 'received' | 'acknowledged' | 'in_progress' | 'referred' | 'closed', minutes = 0, closingMessage: string | null = null) => ({
	receivedAt: new Date(at(0)).toISOString(),
	status,
	statusAt: new Date(at(minutes)).toISOString(),
	closingMessage
});

describe('readEvents', () => {
	it('keeps valid events once, in time order, and skips what a client could not have written', () => {
		const events = readEvents([
			ev('b', 'acknowledged', 5),
			ev('a', 'received', 0),
			ev('b', 'acknowledged', 5),
			{ id: 'x', author: 'someone', type: 'message', at: at(1), text: 'forged' },
			{ id: 'y', type: 'closed' },
			ev('c', 'message', 5, { text: 'Vamos en camino' })
		]);
		expect(events.map((e) => e.id)).toEqual(['a', 'b', 'c']);
	});
});

describe('threadView', () => {
	it('follows the states in order and pins the closing message with its outcome', () => {
		const events = [ev('1', 'received', 0), ev('2', 'acknowledged', 2), ev('3', 'dispatched', 5), ev('4', 'closed', 30, { text: 'Se reparó la luminaria', outcome: 'resolved' })];
		expect(threadView(events)).toEqual({ state: 'closed', closed: true, closing: { text: 'Se reparó la luminaria', outcome: 'resolved', at: at(30) }, mergedInto: null, referredTo: null });
	});

	it('a reopened thread is open again, with no closing message pinned', () => {
		const events = [ev('1', 'closed', 30, { text: 'Listo', outcome: 'resolved' }), ev('2', 'reopened', 40, { text: 'Sigue apagada' })];
		expect(threadView(events)).toMatchObject({ state: 'acknowledged', closed: false, closing: null });
	});

	it('says who handles a referred incident, and where a merged thread went', () => {
		const to = { name: 'Enel', phone: '600 696 0000' };
		expect(threadView([ev('1', 'referred', 3, { referredTo: to })])).toMatchObject({ state: 'referred', referredTo: to, closed: false });
		expect(threadView([ev('1', 'referred', 3, { referredTo: to }), ev('2', 'dispatched', 4)]).referredTo).toBeNull();
		expect(threadView([ev('1', 'merged', 3, { into: 'inc-2' })])).toMatchObject({ closed: true, mergedInto: 'inc-2' });
	});

	it('messages and the automatic answer do not change the state', () => {
		expect(threadView([ev('1', 'acknowledged', 1), ev('2', 'message', 2, { text: 'Hola' }), ev('3', 'auto_answer', 3)]).state).toBe('acknowledged');
		expect(threadView([]).state).toBeNull();
	});
});

describe('timelineItems', () => {
	it('shows the thread when it is on the device, with received first', () => {
		const events = [ev('1', 'received', 0), ev('2', 'auto_answer', 0), ev('3', 'acknowledged', 2)];
		expect(timelineItems(events, feed('acknowledged', 2)).map((i) => i.id)).toEqual(['1', '2', '3']);
	});

	it('before the thread reaches the device, the feed gives received and the current status', () => {
		const items = timelineItems([], feed('closed', 60, 'Se retiró la basura'));
		expect(items.map((i) => [i.type, i.synthetic])).toEqual([
			['received', true],
			['closed', true]
		]);
		expect(items[1]).toMatchObject({ text: 'Se retiró la basura', at: at(60) });
		expect(timelineItems([], feed('received')).map((i) => i.type)).toEqual(['received']);
	});

	it('adds the feed status when the feed is newer than the thread on the device, not when the thread already says it', () => {
		const thread = [ev('1', 'received', 0), ev('2', 'acknowledged', 2)];
		expect(timelineItems(thread, feed('in_progress', 10)).map((i) => i.type)).toEqual(['received', 'acknowledged', 'dispatched']);
		expect(timelineItems(thread, feed('acknowledged', 2)).map((i) => i.type)).toEqual(['received', 'acknowledged']);
	});
});

describe('pinnedClosing and currentState', () => {
	it('pins the thread closing with its outcome, or the feed closing before the thread arrives', () => {
		const thread = [ev('1', 'closed', 30, { text: 'Resuelto', outcome: 'nothing_found' })];
		expect(pinnedClosing(thread, feed('closed', 30, 'Resuelto'))).toEqual({ text: 'Resuelto', outcome: 'nothing_found', at: at(30) });
		expect(pinnedClosing([], feed('closed', 30, 'Resuelto'))).toEqual({ text: 'Resuelto', outcome: null, at: at(30) });
		expect(pinnedClosing([], feed('acknowledged', 3))).toBeNull();
	});

	it('the newer of thread and feed wins: a reopening in the thread unpins an older closed feed entry', () => {
		const thread = [ev('1', 'closed', 30, { text: 'Resuelto', outcome: 'resolved' }), ev('2', 'reopened', 50, { text: 'No estaba resuelto' })];
		expect(pinnedClosing(thread, feed('closed', 30, 'Resuelto'))).toBeNull();
		expect(currentState(thread, feed('closed', 30))).toBe('acknowledged');
		expect(currentState([ev('1', 'acknowledged', 2)], feed('closed', 30))).toBe('closed');
	});
});
