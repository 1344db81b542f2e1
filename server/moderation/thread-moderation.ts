import type { Db } from '../db/index.ts';
import type { ServerWrite } from '../sync/kind.ts';
import { threadDecisions } from './decisions.ts';

/** The reason the sync audit log gives for moderation's writes. */
export const MODERATION_WRITE_REASON = 'moderation';

/**
 * Brings a thread's document to the store's moderation decisions, as one server write: a hidden
 * message leaves `messages` (so nobody new receives it, and its text leaves the stored rows at the
 * next compaction) and `moderation` says, in its place, why; a restored one comes back and its
 * entry goes. Idempotent: a thread already as the decisions say writes nothing.
 */
export async function reconcileThread(db: Db, write: ServerWrite, thread: string): Promise<boolean> {
	const { hidden, restored } = await threadDecisions(db, thread);
	return write(
		thread,
		(doc) => {
			const messages = doc.getArray<Record<string, unknown>>('messages');
			const moderation = doc.getMap<unknown>('moderation');
			// From the end, so the indexes of the entries still to check do not move.
			for (let i = messages.length - 1; i >= 0; i--) {
				const id = messages.get(i)?.id;
				if (typeof id === 'string' && hidden.has(id)) messages.delete(i, 1);
			}
			for (const [id, entry] of hidden) {
				const now = moderation.get(id) as { reason?: unknown; at?: unknown } | undefined;
				if (now?.reason !== entry.reason || now.at !== entry.at) moderation.set(id, entry);
			}
			const present = new Set(messages.toArray().map((m) => m.id));
			for (const [id, message] of restored) {
				if (moderation.has(id)) moderation.delete(id);
				if (!present.has(id)) messages.push([{ id: message.id, author: message.author, text: message.text, at: message.at }]);
			}
			for (const id of [...moderation.keys()]) if (!hidden.has(id) && !restored.has(id)) moderation.delete(id);
		},
		MODERATION_WRITE_REASON
	);
}
