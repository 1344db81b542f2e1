import type { Db } from '../db/index.ts';
import type { Events } from '../events/cuadra.ts';
import type { Logger } from '../log.ts';
import type { ServerWrite } from '../sync/kind.ts';
import { reconcileThread } from './thread-moderation.ts';

/**
 * What follows a moderation decision, after commit (server/app.ts wires it): a hidden or restored
 * message's thread is brought to the decisions (thread-moderation.ts), then compacted, so a hidden
 * text leaves the stored rows at once rather than when the document leaves memory.
 */
export function subscribeModeration(deps: { db: Db; events: Events; write: ServerWrite; compact(room: string): Promise<void>; log: Logger }): () => void {
	const { db, events, write, compact, log } = deps;
	return events.subscribe('moderation.decided', async ({ item, action }) => {
		if (item.kind !== 'message' || action === 'dismissed') return;
		try {
			if (await reconcileThread(db, write, item.thread)) await compact(item.thread);
		} catch (error) {
			log.error(`moderation: could not bring ${item.thread} to its decisions`, error);
		}
	});
}
