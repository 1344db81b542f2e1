import type { ModerationReason } from '$lib/domain/moderation.ts';

/** What a thread may show of a message the municipality hid: where it was, and why it is gone. */
export interface Placeholder {
	id: string;
	/** The message's own time (ms): its place in the thread. */
	at: number;
	reason: ModerationReason;
}

/** One line of a thread as shown: a message, or the placeholder of a hidden one. */
export type ThreadLine<T> = { kind: 'message'; message: T } | { kind: 'hidden'; hidden: Placeholder };

const timeOf = (at: number | string): number => (typeof at === 'number' ? at : Date.parse(at));

/**
 * The thread's messages with a placeholder in the place of each hidden one. Messages keep their
 * order (the list's, as everyone sees it); each placeholder goes before the first message written
 * after it, so it sits where the message was. A message whose id is hidden is left out even if a
 * copy of it is still here (an old copy on this phone, a restore not synced yet): the server's
 * decision wins, so hidden text is never shown by mistake.
 */
export function withPlaceholders<T extends { id: string; at: number | string }>(messages: readonly T[], hidden: readonly Placeholder[]): ThreadLine<T>[] {
	if (hidden.length === 0) return messages.map((message) => ({ kind: 'message', message }));
	const ids = new Set(hidden.map((h) => h.id));
	const pending = [...hidden].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	const out: ThreadLine<T>[] = [];
	let next = 0;
	/** Puts in the placeholders of messages written before `time` (all that are left, with Infinity). */
	const placeUntil = (time: number) => {
		for (let h = pending[next]; h && h.at < time; h = pending[++next]) out.push({ kind: 'hidden', hidden: h });
	};
	for (const message of messages) {
		if (ids.has(message.id)) continue;
		placeUntil(timeOf(message.at));
		out.push({ kind: 'message', message });
	}
	placeUntil(Infinity);
	return out;
}
