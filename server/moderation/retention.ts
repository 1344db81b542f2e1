import type { Db } from '../db/index.ts';
import type { Logger } from '../log.ts';
import { reportsStore } from '../reports/schema.ts';
import { moderationStore } from './schema.ts';

const DAY_MS = 86_400_000;

/**
 * A hidden message's original (or a report's hidden description; a hidden photo's bytes) is kept
 * for a review or a restore, and no longer than `days` (`CUADRA_MODERATION_RETENTION_DAYS`, docs/data-register.md): then only the decision
 * remains (who, when, why), and the message can no longer be restored. A posting limit that
 * ended that long ago loses whom it was about the same way, and a review decided that long ago
 * who asked for it and what they wrote. Resolves to how many originals were
 * removed.
 */
export async function purgeModerationOriginals(db: Db, days: number, now: Date = new Date()): Promise<number> {
	const before = new Date(now.getTime() - days * DAY_MS).toISOString();
	const store = moderationStore(db);
	// A photo hidden that long ago and not restored since: its bytes go with its original.
	const hiddenPhotos = await store.selectFrom('moderation_decision').select(['item_key', 'item']).where('item_key', 'like', 'photo:%').where('action', '=', 'hidden').where('original', 'is not', null).where('at', '<', before).execute();
	for (const photo of hiddenPhotos) {
		const last = await store.selectFrom('moderation_decision').select('action').where('item_key', '=', photo.item_key).where('action', 'in', ['hidden', 'restored']).orderBy('at', 'desc').orderBy('id', 'desc').executeTakeFirst();
		if (last?.action === 'hidden') await reportsStore(db).deleteFrom('report_photo').where('id', '=', (JSON.parse(photo.item) as { id: string }).id).execute();
	}
	const result = await store.updateTable('moderation_decision').set({ original: null }).where('original', 'is not', null).where('at', '<', before).executeTakeFirst();
	// A posting limit that ended (or was lifted) that long ago no longer says whom it was about.
	await store
		.updateTable('posting_limit')
		.set({ user_id: null })
		.where('user_id', 'is not', null)
		.where((eb) => eb.or([eb('until', '<', before), eb('lifted_at', '<', before)]))
		.execute();
	// A review decided that long ago keeps its outcome (who decided, why), not who asked nor their words.
	await store.updateTable('moderation_review').set({ requester_id: null, reason: '' }).where('reviewed_at', '<', before).where((eb) => eb.or([eb('requester_id', 'is not', null), eb('reason', '!=', '')])).execute();
	return Number(result.numUpdatedRows);
}

/** Runs the purge at start and every hour. Returns the stop function. */
export function startModerationRetention(db: Db, days: number, log: Logger, everyMs = 60 * 60 * 1000): () => void {
	const run = () =>
		purgeModerationOriginals(db, days).then(
			(n) => {
				if (n > 0) log.info(`Removed ${n} hidden message original(s) older than ${days} days from the moderation record.`);
			},
			(error: unknown) => log.error('Moderation retention job failed', error)
		);
	void run();
	const timer = setInterval(() => void run(), everyMs);
	timer.unref();
	return () => clearInterval(timer);
}
