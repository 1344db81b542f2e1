import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { docFromUpdates } from '../account/doc-content.ts';
import type { SyncDocs } from '../sync/docs.ts';
import { Refusal } from '../http/refusal.ts';
import { reportsStore } from '../reports/schema.ts';
import { itemKey, reportOf, type FlagInput, type HideableItem, type ModeratedItem, type ModerationQueueItem, type ModerationReason, type ModerationStatus } from '../../src/lib/domain/moderation.ts';
import { moderationStore, type ModerationDecisionTable } from './schema.ts';

/**
 * Moderation's decisions on the store (issue 16, docs/moderation.md): flags, hiding, dismissing
 * and restoring, each in one transaction; what a thread's document must show follows after
 * commit (thread-moderation.ts). Refusals are thrown as `Refusal` for the HTTP layer.
 */

type Docs = Pick<SyncDocs, 'read'>;

/** A message as its thread holds it. */
export interface StoredMessage {
	id: string;
	author: string;
	text: string;
	at: number;
}

/** Where an item belongs: its municipality, and its incident for the console's link. Null: there is no such item. */
export async function placeOf(db: Db, item: ModeratedItem): Promise<{ municipalityId: string; incidentId: string | null } | null> {
	const store = reportsStore(db);
	const reportId = item.kind === 'message' ? (item.thread.startsWith('report:') ? item.thread.slice('report:'.length) : null) : reportOf(item);
	if (reportId !== null) {
		const id = reportId;
		const row = await store.selectFrom('report').select(['municipality_id', 'incident_id']).where('id', '=', id).executeTakeFirst();
		return row ? { municipalityId: row.municipality_id, incidentId: row.incident_id } : null;
	}
	if (item.kind !== 'message') return null;
	const id = item.thread.slice('incident:'.length);
	const row = await store.selectFrom('incident').select('municipality_id').where('id', '=', id).executeTakeFirst();
	return row ? { municipalityId: row.municipality_id, incidentId: id } : null;
}

/** The message `id` of a thread as stored (what every device converges to); null when it is not there. */
export async function storedMessage(docs: Docs, thread: string, id: string): Promise<StoredMessage | null> {
	const doc = docFromUpdates((await docs.read(thread)).updates);
	try {
		const found = doc
			.getArray('messages')
			.toArray()
			.find((m): m is StoredMessage => !!m && typeof m === 'object' && (m as { id?: unknown }).id === id);
		return found ? { id: found.id, author: found.author, text: found.text, at: found.at } : null;
	} finally {
		doc.destroy();
	}
}

/** What the item says now: a message's text, a report's description. */
async function currentText(db: Db, docs: Docs, item: ModeratedItem): Promise<string | null> {
	if (item.kind === 'message') return (await storedMessage(docs, item.thread, item.id))?.text ?? null;
	if (item.kind === 'photo') return null;
	const row = await reportsStore(db).selectFrom('report').select('description').where('id', '=', reportOf(item) ?? '').executeTakeFirst();
	return row?.description || null;
}

/** Who wrote a message of a thread: from the thread, or from the decision that hid it. Null: no such message. */
export async function messageAuthor(db: Db, docs: Docs, item: Extract<ModeratedItem, { kind: 'message' }>): Promise<string | null> {
	const stored = await storedMessage(docs, item.thread, item.id);
	if (stored) return stored.author;
	const last = await lastHideOrRestore(db, itemKey(item));
	return last?.action === 'hidden' && last.original ? (JSON.parse(last.original) as { author: string }).author : null;
}

/** The latest hide or restore of an item; null: never hidden. */
async function lastHideOrRestore(db: Db, key: string): Promise<ModerationDecisionTable | null> {
	const row = await moderationStore(db).selectFrom('moderation_decision').selectAll().where('item_key', '=', key).where('action', 'in', ['hidden', 'restored']).orderBy('at', 'desc').orderBy('id', 'desc').executeTakeFirst();
	return row ?? null;
}

/**
 * A resident's flag. The item must exist (a message in its thread, a report). Flagging the same
 * item twice counts once: the second answers `counted: false` and changes nothing.
 */
export async function addFlag(db: Db, docs: Docs, flaggerId: string, input: FlagInput, now: Date = new Date()): Promise<{ counted: boolean; municipalityId: string }> {
	const place = await placeOf(db, input.item);
	if (!place || (input.item.kind === 'message' && !(await storedMessage(docs, input.item.thread, input.item.id)))) throw new Refusal(404, 'not_found', 'This is no longer there: nothing to flag.');
	const store = moderationStore(db);
	const key = itemKey(input.item);
	const result = await store
		.insertInto('moderation_flag')
		.values({ id: randomUUID(), municipality_id: place.municipalityId, item_key: key, item: JSON.stringify(input.item), flagger_id: flaggerId, reason: input.reason, note: input.note || null, at: now.toISOString(), resolved_at: null })
		.onConflict((oc) => oc.columns(['item_key', 'flagger_id']).doNothing())
		.executeTakeFirst();
	return { counted: Number(result.numInsertedOrUpdatedRows ?? 0n) > 0, municipalityId: place.municipalityId };
}

/**
 * Staff hide a message: the decision keeps the original (for a review or a restore, until the
 * retention period), and the item's open flags are resolved. 404 when the message is not in its
 * thread, 409 when it is hidden already.
 */
export async function hideItem(db: Db, docs: Docs, actorId: string, input: { item: HideableItem; reason: ModerationReason; note?: string | undefined }, municipalityId: string, now: Date = new Date()): Promise<void> {
	const { item } = input;
	if (item.kind === 'message') return hideMessage(db, docs, actorId, { ...input, item }, municipalityId, now);
	return hideReportPart(db, actorId, { ...input, item }, municipalityId, now);
}

async function hideMessage(db: Db, docs: Docs, actorId: string, input: { item: Extract<ModeratedItem, { kind: 'message' }>; reason: ModerationReason; note?: string | undefined }, municipalityId: string, now: Date): Promise<void> {
	const key = itemKey(input.item);
	if ((await lastHideOrRestore(db, key))?.action === 'hidden') throw new Refusal(409, 'already_hidden', 'This message is hidden already.');
	const message = await storedMessage(docs, input.item.thread, input.item.id);
	if (!message) throw new Refusal(404, 'not_found', 'This message is no longer in the thread.');
	if (message.author === 'municipality') throw new Refusal(422, 'municipality_message', "The municipality's own messages are not hidden: write a correction instead.");
	const at = now.toISOString();
	await moderationStore(db)
		.transaction()
		.execute(async (tx) => {
			await tx
				.insertInto('moderation_decision')
				.values({ id: randomUUID(), municipality_id: municipalityId, item_key: key, item: JSON.stringify(input.item), action: 'hidden', reason: input.reason, note: input.note || null, actor_id: actorId, at, original: JSON.stringify({ author: message.author, text: message.text, at: message.at }) })
				.execute();
			await tx.updateTable('moderation_flag').set({ resolved_at: at }).where('item_key', '=', key).where('resolved_at', 'is', null).execute();
		});
}

/** Staff leave an item as it is: its open flags leave the queue (a new flag brings it back). */
export async function dismissItem(db: Db, actorId: string, input: { item: ModeratedItem; note?: string | undefined }, municipalityId: string, now: Date = new Date()): Promise<void> {
	const key = itemKey(input.item);
	const at = now.toISOString();
	await moderationStore(db)
		.transaction()
		.execute(async (tx) => {
			const open = await tx.updateTable('moderation_flag').set({ resolved_at: at }).where('item_key', '=', key).where('resolved_at', 'is', null).executeTakeFirst();
			if (Number(open.numUpdatedRows) === 0) throw new Refusal(409, 'nothing_flagged', 'Nothing is flagged here any more.');
			await tx
				.insertInto('moderation_decision')
				.values({ id: randomUUID(), municipality_id: municipalityId, item_key: key, item: JSON.stringify(input.item), action: 'dismissed', reason: 'dismissed', note: input.note || null, actor_id: actorId, at, original: null })
				.execute();
		});
}

/**
 * An admin restores what was hidden (a message, a report's description or photo), with a reason.
 * 409 when it is not hidden; 410 when its original is gone (retention).
 */
export async function restoreItem(db: Db, actorId: string, input: { item: HideableItem; reason: string }, municipalityId: string, now: Date = new Date()): Promise<void> {
	const key = itemKey(input.item);
	const last = await lastHideOrRestore(db, key);
	if (last?.action !== 'hidden') throw new Refusal(409, 'not_hidden', 'This is not hidden.');
	const original = last.original;
	if (!original) throw new Refusal(410, 'original_gone', 'The original is no longer kept (its retention period has passed): it cannot be restored.');
	const item = input.item;
	await db.transaction().execute(async (trx) => {
			const tx = moderationStore(trx);
			await tx
				.insertInto('moderation_decision')
				.values({ id: randomUUID(), municipality_id: municipalityId, item_key: key, item: last.item, action: 'restored', reason: input.reason, note: null, actor_id: actorId, at: now.toISOString(), original })
				.execute();
			if (item.kind === 'message') return;
			const reports = reportsStore(trx);
			const row = await reports.selectFrom('report').select(['description', 'photo_ids']).where('id', '=', item.report).executeTakeFirst();
			if (!row) return;
			const kept = JSON.parse(original) as { text?: string; photo?: string; index?: number };
			const photos = JSON.parse(row.photo_ids) as string[];
			if (item.kind === 'photo' && !photos.includes(item.id)) photos.splice(Math.min(kept.index ?? photos.length, photos.length), 0, item.id);
			await reports
				.updateTable('report')
				.set({ description: item.kind === 'description' ? (kept.text ?? '') : row.description, photo_ids: JSON.stringify(photos), hidden: await hiddenPartsOf(trx, item.report) })
				.where('id', '=', item.report)
				.execute();
		});
}

/** The author of a report (its reporter), for the decision's original; null when the account was erased or staff wrote it for a caller. */
async function reporterOf(db: Db, reportId: string): Promise<string | null> {
	const row = await reportsStore(db).selectFrom('report_private').select('reporter_id').where('report_id', '=', reportId).executeTakeFirst();
	return row?.reporter_id ?? null;
}

/**
 * Staff hide a report's description or one of its photos: it leaves the report (`description`
 * emptied, the photo out of `photo_ids`), `report.hidden` says why in its place, the decision keeps
 * the original (the text; the photo's id, its bytes staying in `report_photo`) for a review or a
 * restore, and the report's open flags are resolved. 404 when there is no such description or
 * photo, 409 when it is hidden already.
 */
async function hideReportPart(db: Db, actorId: string, input: { item: Extract<HideableItem, { kind: 'description' | 'photo' }>; reason: ModerationReason; note?: string | undefined }, municipalityId: string, now: Date): Promise<void> {
	const { item } = input;
	const key = itemKey(item);
	if ((await lastHideOrRestore(db, key))?.action === 'hidden') throw new Refusal(409, 'already_hidden', 'This is hidden already.');
	const row = await reportsStore(db).selectFrom('report').select(['description', 'photo_ids', 'channel']).where('id', '=', item.report).executeTakeFirst();
	const photos = row ? (JSON.parse(row.photo_ids) as string[]) : [];
	if (!row || (item.kind === 'description' ? row.description === '' : !photos.includes(item.id))) {
		throw new Refusal(404, 'not_found', item.kind === 'description' ? 'This report has no description to hide.' : 'This photo is not in the report.');
	}
	const author = await reporterOf(db, item.report);
	const original = item.kind === 'description' ? { author, text: row.description } : { author, photo: item.id, index: photos.indexOf(item.id) };
	const at = now.toISOString();
	await db.transaction().execute(async (trx) => {
			const tx = moderationStore(trx);
			await tx
				.insertInto('moderation_decision')
				.values({ id: randomUUID(), municipality_id: municipalityId, item_key: key, item: JSON.stringify(item), action: 'hidden', reason: input.reason, note: input.note || null, actor_id: actorId, at, original: JSON.stringify(original) })
				.execute();
			await tx
				.updateTable('moderation_flag')
				.set({ resolved_at: at })
				.where('item_key', 'in', [key, `report:${item.report}`])
				.where('resolved_at', 'is', null)
				.execute();
			await reportsStore(trx)
				.updateTable('report')
				.set({
					description: item.kind === 'description' ? '' : row.description,
					photo_ids: JSON.stringify(item.kind === 'photo' ? photos.filter((p) => p !== item.id) : photos),
					hidden: await hiddenPartsOf(trx, item.report)
				})
				.where('id', '=', item.report)
				.execute();
		});
}

/**
 * What the public reads in place of a report's hidden parts (`report.hidden`, `ReportHidden` JSON),
 * from the latest decision on each part; null when nothing is hidden. Read inside the decision's
 * transaction, so it includes the decision.
 */
async function hiddenPartsOf(db: Db, reportId: string): Promise<string | null> {
	const rows = await moderationStore(db)
		.selectFrom('moderation_decision')
		.select(['item_key', 'action', 'reason'])
		.where((eb) => eb.or([eb('item_key', '=', `description:${reportId}`), eb('item_key', 'like', `photo:${reportId}:%`)]))
		.where('action', 'in', ['hidden', 'restored'])
		.orderBy('at')
		.orderBy('id')
		.execute();
	const latest = new Map<string, (typeof rows)[number]>();
	for (const row of rows) if (row.item_key === `description:${reportId}` || row.item_key.startsWith(`photo:${reportId}:`)) latest.set(row.item_key, row);
	let description: ModerationReason | null = null;
	const photos: ModerationReason[] = [];
	for (const row of latest.values()) {
		if (row.action !== 'hidden') continue;
		if (row.item_key.startsWith('description:')) description = row.reason as ModerationReason;
		else photos.push(row.reason as ModerationReason);
	}
	return description || photos.length ? JSON.stringify({ description, photos }) : null;
}

/**
 * What a thread must show: each message the municipality has hidden (the latest decision on it is
 * `hidden`), with why and where, and each restored one with its original to put back.
 */
export async function threadDecisions(db: Db, thread: string): Promise<{ hidden: Map<string, { reason: ModerationReason; at: number; hiddenAt: number }>; restored: Map<string, StoredMessage> }> {
	const rows = await moderationStore(db)
		.selectFrom('moderation_decision')
		.select(['item_key', 'item', 'action', 'reason', 'at', 'original'])
		.where('item_key', 'like', `message:${thread}:%`)
		.where('action', 'in', ['hidden', 'restored'])
		.orderBy('at')
		.orderBy('id')
		.execute();
	const latest = new Map<string, (typeof rows)[number]>();
	// `like` reads `_` in an id as any character: keep only this thread's own items.
	for (const row of rows) if (row.item_key.startsWith(`message:${thread}:`)) latest.set(row.item_key, row);
	const hidden = new Map<string, { reason: ModerationReason; at: number; hiddenAt: number }>();
	const restored = new Map<string, StoredMessage>();
	for (const row of latest.values()) {
		const id = (JSON.parse(row.item) as { id: string }).id;
		const original = row.original ? (JSON.parse(row.original) as Omit<StoredMessage, 'id'>) : null;
		if (row.action === 'hidden') hidden.set(id, { reason: row.reason as ModerationReason, at: original?.at ?? Date.parse(row.at), hiddenAt: Date.parse(row.at) });
		else if (original) restored.set(id, { id, ...original });
	}
	return { hidden, restored };
}

/** The console's queue: open flags grouped per item (most flags first), or the hidden messages (newest first). */
export async function moderationQueue(db: Db, docs: Docs, municipalityId: string, status: ModerationStatus): Promise<ModerationQueueItem[]> {
	const store = moderationStore(db);
	const flags = await store
		.selectFrom('moderation_flag')
		.select(['item_key', 'item', 'reason', 'note', 'at', 'resolved_at'])
		.where('municipality_id', '=', municipalityId)
		.$if(status === 'open', (q) => q.where('resolved_at', 'is', null))
		.orderBy('at')
		.execute();
	const byKey = new Map<string, { item: ModeratedItem; rows: typeof flags }>();
	const add = (key: string, item: string) => {
		let group = byKey.get(key);
		if (!group) byKey.set(key, (group = { item: JSON.parse(item) as ModeratedItem, rows: [] }));
		return group;
	};
	const hiddenNow = new Map<string, { reason: ModerationReason; note: string | null; at: string; by: string | null }>();
	if (status === 'hidden') {
		const decisions = await store
			.selectFrom('moderation_decision as d')
			.leftJoin('user', 'user.id', 'd.actor_id')
			.select(['d.item_key', 'd.item', 'd.action', 'd.reason', 'd.note', 'd.at', 'user.display_name', 'user.username'])
			.where('d.municipality_id', '=', municipalityId)
			.where('d.action', 'in', ['hidden', 'restored'])
			.orderBy('d.at')
			.orderBy('d.id')
			.execute();
		const latest = new Map<string, (typeof decisions)[number]>();
		for (const d of decisions) latest.set(d.item_key, d);
		for (const d of latest.values()) {
			if (d.action !== 'hidden') continue;
			add(d.item_key, d.item);
			hiddenNow.set(d.item_key, { reason: d.reason as ModerationReason, note: d.note, at: d.at, by: d.display_name ?? d.username ?? null });
		}
		for (const key of [...byKey.keys()]) if (!hiddenNow.has(key)) byKey.delete(key);
		for (const f of flags) if (hiddenNow.has(f.item_key)) add(f.item_key, f.item).rows.push(f);
	} else {
		for (const f of flags) add(f.item_key, f.item).rows.push(f);
	}
	const items: ModerationQueueItem[] = [];
	for (const [key, { item, rows }] of byKey) {
		const reasons: Partial<Record<ModerationReason, number>> = {};
		for (const r of rows) reasons[r.reason as ModerationReason] = (reasons[r.reason as ModerationReason] ?? 0) + 1;
		const hidden = hiddenNow.get(key) ?? null;
		const place = await placeOf(db, item);
		items.push({
			item,
			status,
			flags: rows.length,
			reasons,
			notes: rows.flatMap((r) => (r.note ? [r.note] : [])),
			firstFlagAt: rows[0]?.at ?? null,
			lastFlagAt: rows[rows.length - 1]?.at ?? null,
			// A hidden message is no longer in its thread: staff read the original the decision keeps.
			text: hidden ? await originalText(db, key) : await currentText(db, docs, item),
			incidentId: place?.incidentId ?? null,
			photos: await photosOf(db, item),
			hidden
		});
	}
	return status === 'open' ? items.sort((a, b) => b.flags - a.flags || (b.lastFlagAt ?? '').localeCompare(a.lastFlagAt ?? '')) : items.sort((a, b) => (b.hidden?.at ?? '').localeCompare(a.hidden?.at ?? ''));
}

/** A report's photos as they are now; a photo item's own id; none for a message or a description. */
async function photosOf(db: Db, item: ModeratedItem): Promise<string[]> {
	if (item.kind === 'photo') return [item.id];
	if (item.kind !== 'report') return [];
	const row = await reportsStore(db).selectFrom('report').select('photo_ids').where('id', '=', item.id).executeTakeFirst();
	return row ? (JSON.parse(row.photo_ids) as string[]) : [];
}

async function originalText(db: Db, key: string): Promise<string | null> {
	const last = await lastHideOrRestore(db, key);
	return last?.original ? ((JSON.parse(last.original) as { text?: string }).text ?? null) : null;
}

/** One item as the queue shows it (after a decision, for the answer). */
export async function queueItem(db: Db, docs: Docs, municipalityId: string, item: ModeratedItem): Promise<ModerationQueueItem | null> {
	const key = itemKey(item);
	for (const status of ['hidden', 'open'] as const) {
		const found = (await moderationQueue(db, docs, municipalityId, status)).find((i) => itemKey(i.item) === key);
		if (found) return found;
	}
	return null;
}

/** A photo of a report for its staff, hidden or not, while its bytes are kept (a hidden photo's until the retention period). */
export async function photoForStaff(db: Db, reportId: string, id: string): Promise<Uint8Array | null> {
	const row = await reportsStore(db).selectFrom('report_photo').select('bytes').where('id', '=', id).where('report_id', '=', reportId).executeTakeFirst();
	return row?.bytes ?? null;
}
