import type { Db } from '../db/index.ts';
import { docFromUpdates } from '../account/doc-content.ts';
import type { SyncDocs } from '../sync/docs.ts';
import type { ServerWrite } from '../sync/kind.ts';
import { reportsStore } from './schema.ts';
import { PRIVATE_RETENTION } from './retention.ts';

const DAY_MS = 86_400_000;
/** How many document names one `in (…)` query carries (PostgreSQL and SQLite both take far more). */
const CHUNK = 500;

/** The reason the audit log gives for the server's erasing write. */
export const CHAT_RETENTION_REASON = 'chat retention';

/**
 * How long chat messages live. An incident's thread (and the old per-report threads of its
 * reports) is for the event: `afterClosedDays` (`CUADRA_CHAT_RETENTION_DAYS`, default 90) after the
 * incident is closed it is emptied; an incident nobody closes loses its messages `maxDays` after it
 * opened, as the private half of its reports (`PRIVATE_RETENTION.maxDays`).
 */
export const CHAT_RETENTION_MAX_DAYS = PRIVATE_RETENTION.maxDays;

/**
 * The thread documents whose messages are due: `incident:<id>` of every incident closed more than
 * `afterClosedDays` ago or opened more than `CHAT_RETENTION_MAX_DAYS` ago, and `report:<id>` of
 * each of their reports. Only documents the store holds, with their last stored sequence number.
 */
export async function dueChatDocs(db: Db, docs: Pick<SyncDocs, 'lastSeqs'>, afterClosedDays: number, now: Date = new Date()): Promise<Map<string, number>> {
	const store = reportsStore(db);
	const closedBefore = new Date(now.getTime() - afterClosedDays * DAY_MS).toISOString();
	const openedBefore = new Date(now.getTime() - CHAT_RETENTION_MAX_DAYS * DAY_MS).toISOString();
	const incidents = await store
		.selectFrom('incident')
		.select('id')
		.where((eb) => eb.or([eb.and([eb('status', '=', 'closed'), eb('closed_at', '<', closedBefore)]), eb('opened_at', '<', openedBefore)]))
		.execute();
	const names = incidents.map((i) => `incident:${i.id}`);
	for (let i = 0; i < incidents.length; i += CHUNK) {
		const ids = incidents.slice(i, i + CHUNK).map((r) => r.id);
		const reports = await store.selectFrom('report').select('id').where('incident_id', 'in', ids).execute();
		for (const r of reports) names.push(`report:${r.id}`);
	}
	return docs.lastSeqs(names);
}

/** How many messages a stored document holds, read from its stored content (not the copy in memory). */
async function storedMessageCount(docs: Pick<SyncDocs, 'read'>, doc: string): Promise<number> {
	const ydoc = docFromUpdates((await docs.read(doc)).updates);
	try {
		return ydoc.getArray('messages').length;
	} finally {
		ydoc.destroy();
	}
}

/**
 * Empties the `messages` of chat threads past their retention, as a write of the sync server
 * (`writeAsServer`, audited as the server with the reason `chat retention`): connected devices see
 * the messages go, and a device that reconnects later drops them when it syncs. The text leaves the
 * stored rows when the document is compacted (`CUADRA_SYNC_IDLE_SECONDS` after its last socket
 * closes). Staff `events` (the municipality's record of the incident) and a report's `meta` stay.
 *
 * Each due document is read from the store once per process; one found empty is read again only
 * when something new was stored in it (someone wrote to an old thread), so the hourly pass does not
 * reload years of emptied threads.
 */
export function createChatRetention(deps: { db: Db; docs: Pick<SyncDocs, 'read' | 'lastSeqs'>; write: ServerWrite; afterClosedDays: number }) {
	const emptyAt = new Map<string, number>();
	return {
		/** One pass: resolves to how many documents were emptied and how many messages went. */
		async run(now: Date = new Date()): Promise<{ docs: number; messages: number }> {
			const due = await dueChatDocs(deps.db, deps.docs, deps.afterClosedDays, now);
			let docs = 0;
			let messages = 0;
			for (const [doc, last] of due) {
				if (emptyAt.get(doc) === last) continue;
				if ((await storedMessageCount(deps.docs, doc)) === 0) {
					emptyAt.set(doc, last);
					continue;
				}
				let erased = 0;
				const changed = await deps.write(
					doc,
					(ydoc) => {
						const list = ydoc.getArray('messages');
						erased = list.length;
						if (erased) list.delete(0, erased);
					},
					CHAT_RETENTION_REASON
				);
				if (changed) {
					docs++;
					messages += erased;
				}
			}
			for (const doc of emptyAt.keys()) if (!due.has(doc)) emptyAt.delete(doc);
			return { docs, messages };
		}
	};
}
