import type { Db } from '../db/index.ts';
import type { Events } from '../events/cuadra.ts';
import type { Logger } from '../log.ts';
import type { ServerWrite } from '../sync/kind.ts';
import { reconcileThread } from './thread-moderation.ts';

/**
 * What follows a moderation decision, after commit (server/app.ts wires it): a hidden or restored
 * message's thread is brought to the decisions (thread-moderation.ts); a report's hidden or
 * restored description or photo is brought into the municipality's feed and the report's document
 * (`reportModerated`, server/reports/feed-doc.ts). Each document written is then compacted, so a
 * hidden text leaves the stored rows at once rather than when the document leaves memory.
 */
export function subscribeModeration(deps: { db: Db; events: Events; write: ServerWrite; compact(room: string): Promise<void>; reportModerated(reportId: string): Promise<string[]>; log: Logger }): () => void {
	const { db, events, write, compact, reportModerated, log } = deps;
	return events.subscribe('moderation.decided', async ({ item, action }) => {
		if (action === 'dismissed' || item.kind === 'report') return;
		const what = item.kind === 'message' ? item.thread : `report ${item.report}`;
		try {
			const rooms = item.kind === 'message' ? ((await reconcileThread(db, write, item.thread)) ? [item.thread] : []) : await reportModerated(item.report);
			for (const room of rooms) await compact(room);
		} catch (error) {
			log.error(`moderation: could not bring ${what} to its decisions`, error);
		}
	});
}
