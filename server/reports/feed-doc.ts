import type * as Y from 'yjs';
import type { Db } from '../db/index.ts';
import type { Logger } from '../log.ts';
import type { PublicReport } from '../../src/lib/domain/report.ts';
import { sameValue, toFeedEntry, type FeedEntry } from '../../src/lib/domain/feed-doc.ts';
import { FEED_DAYS, listPublicReports } from './feed.ts';
import { toPublicReport } from './public.ts';
import { publishReportDoc, reportMeta, type ServerWrite } from './report-doc.ts';
import { reportsStore } from './schema.ts';

const DAY_MS = 86_400_000;
/** Index of `receivedAt` and `statusAt` in a feed entry (src/lib/domain/feed-doc.ts). */
const RECEIVED_AT = 10;
const STATUS_AT = 12;
/**
 * A report missing from a snapshot of the store is removed only when it was received this long
 * before the snapshot was read: one accepted while the snapshot was being read is not lost.
 */
const SNAPSHOT_GRACE_MS = 60_000;

export interface FeedSnapshot {
	reports: readonly PublicReport[];
	staleAfterHours: number;
	coarseCategories: readonly string[];
	/** When the store was read (epoch ms). */
	readAt: number;
}

const entryTime = (entry: unknown, index: number): number => (Array.isArray(entry) && typeof entry[index] === 'number' ? (entry[index] as number) : 0);

/**
 * Puts reports into a feed document: an entry is written only when it differs, and never replaced
 * by an older status (a decision written meanwhile stays). Closing messages go under the incident.
 */
function upsert(doc: Y.Doc, reports: readonly PublicReport[]): void {
	const entries = doc.getMap('reports');
	const closing = doc.getMap('closing');
	const hidden = doc.getMap('hidden');
	for (const report of reports) {
		const entry: FeedEntry = toFeedEntry(report);
		const current = entries.get(report.id);
		if (current !== undefined && entryTime(current, STATUS_AT) > entry[STATUS_AT]) continue;
		if (!sameValue(current, entry)) entries.set(report.id, entry);
		if (report.hidden && !sameValue(hidden.get(report.id), report.hidden)) hidden.set(report.id, report.hidden);
		else if (!report.hidden && hidden.has(report.id)) hidden.delete(report.id);
		if (report.status === 'closed' && report.closingMessage && closing.get(report.incidentId) !== report.closingMessage) {
			closing.set(report.incidentId, report.closingMessage);
		}
	}
}

/** Removes reports received more than `FEED_DAYS` ago, and closing messages no entry refers to. */
export function pruneFeed(doc: Y.Doc, now: number): void {
	const entries = doc.getMap('reports');
	const closing = doc.getMap('closing');
	const cutoff = now - FEED_DAYS * DAY_MS;
	const referenced = new Set<string>();
	for (const [id, entry] of [...entries.entries()]) {
		if (entryTime(entry, RECEIVED_AT) < cutoff) entries.delete(id);
		else if (Array.isArray(entry) && typeof entry[0] === 'string') referenced.add(entry[0]);
	}
	for (const incident of [...closing.keys()]) if (!referenced.has(incident)) closing.delete(incident);
	const hidden = doc.getMap('hidden');
	for (const id of [...hidden.keys()]) if (!entries.has(id)) hidden.delete(id);
}

/** An accepted report or an operator's decision: the changed reports, then the feed's retention. Pure. */
export function applyFeedReports(doc: Y.Doc, reports: readonly PublicReport[], now: number): void {
	upsert(doc, reports);
	pruneFeed(doc, now);
}

/**
 * Brings a feed document to the store's snapshot (backfill, and the hourly pass): missing or changed
 * reports are written, reports the store no longer lists (past the feed's days or its 10,000) are
 * removed, settings updated. Idempotent: a second run changes nothing. Pure.
 */
export function applyFeedSnapshot(doc: Y.Doc, snapshot: FeedSnapshot): void {
	const entries = doc.getMap('reports');
	const listed = new Set(snapshot.reports.map((r) => r.id));
	for (const [id, entry] of [...entries.entries()]) {
		if (!listed.has(id) && entryTime(entry, RECEIVED_AT) < snapshot.readAt - SNAPSHOT_GRACE_MS) entries.delete(id);
	}
	upsert(doc, snapshot.reports);
	pruneFeed(doc, snapshot.readAt);
	const settings = doc.getMap('settings');
	if (settings.get('staleAfterHours') !== snapshot.staleAfterHours) settings.set('staleAfterHours', snapshot.staleAfterHours);
	if (!sameValue(settings.get('coarseCategories'), snapshot.coarseCategories)) settings.set('coarseCategories', [...snapshot.coarseCategories]);
}

export const feedRoom = (municipalityId: string): string => `feed:${municipalityId}`;

/** What the feed of a municipality should hold, read from the store; null for an unknown municipality. */
export async function readFeedSnapshot(db: Db, municipalityId: string, staleAfterHours: number, now: Date = new Date()): Promise<FeedSnapshot | null> {
	const exists = await db.selectFrom('municipality').select('id').where('id', '=', municipalityId).executeTakeFirst();
	if (!exists) return null;
	const readAt = now.getTime();
	const [reports, coarse] = await Promise.all([
		listPublicReports(db, municipalityId, now),
		db.selectFrom('category').select('key').where('municipality_id', '=', municipalityId).where('points_at_home', '=', 1).execute()
	]);
	return { reports, staleAfterHours, coarseCategories: coarse.map((c) => c.key).sort(), readAt };
}

/** The public reports of one incident still in the feed's days, as the public sees them. */
export async function incidentReports(db: Db, incidentId: string, now: Date = new Date()): Promise<PublicReport[]> {
	const since = new Date(now.getTime() - FEED_DAYS * DAY_MS).toISOString();
	const rows = await reportsStore(db)
		.selectFrom('report')
		.innerJoin('incident', 'incident.id', 'report.incident_id')
		.selectAll('report')
		.select('incident.closing_message')
		.where('report.incident_id', '=', incidentId)
		.where('report.received_at', '>=', since)
		.execute();
	return rows.map(({ closing_message, ...row }) => toPublicReport(row, closing_message));
}

/** One stored report as the public sees it, or null. */
export async function storedPublicReport(db: Db, id: string): Promise<PublicReport | null> {
	const row = await reportsStore(db)
		.selectFrom('report')
		.innerJoin('incident', 'incident.id', 'report.incident_id')
		.selectAll('report')
		.select('incident.closing_message')
		.where('report.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	const { closing_message, ...report } = row;
	return toPublicReport(report, closing_message);
}

export interface FeedPublisher {
	/** After `acceptReport`: the report's own document and its entry in the municipality's feed. Never throws. */
	reportAccepted(report: PublicReport): Promise<void>;
	/** After an incident changed (`incident.changed`: a decision, a merge, a split): the incident's reports in their feed. Never throws. */
	incidentChanged(incidentId: string): Promise<void>;
	/**
	 * After a moderation decision on a report's description or photo: its entry in the feed and its
	 * document's meta are brought to the store (a hidden part leaves both). Resolves to the rooms it
	 * wrote, for compaction. Rejects when a write fails.
	 */
	reportModerated(id: string): Promise<string[]>;
	/** Brings `feed:<m>` to the store (one server write). False for an unknown municipality. */
	reconcile(municipalityId: string): Promise<boolean>;
	/**
	 * Before `feed:<m>` is first opened in this process (the kind's `prepare`, after the access
	 * check): fills it from the store, once per process. Failures reject; the sync server logs them.
	 */
	prepareFeed(municipalityId: string): Promise<void>;
	/** Before `report:<id>` is first opened: writes its meta if missing (reports accepted before report documents existed). */
	prepareReport(id: string): Promise<void>;
	/** Reconciles every municipality with reports each `everyMs` (removes what is past the feed's days). */
	startRetention(everyMs?: number): () => void;
}

/** Remembers at most this many report documents checked for a missing meta in this process. */
const CHECKED_REPORTS_MAX = 50_000;

export function createFeedPublisher(options: { db: Db; write: ServerWrite; log: Logger; staleAfterHours: number; now?: () => Date }): FeedPublisher {
	const { db, write, log, staleAfterHours } = options;
	const now = options.now ?? (() => new Date());
	/** Municipalities whose feed was reconciled in this process (or is being). */
	const reconciled = new Map<string, Promise<boolean>>();
	const checkedReports = new Set<string>();

	const writeReports = (municipalityId: string, reports: readonly PublicReport[], reason: string) =>
		write(feedRoom(municipalityId), (doc) => applyFeedReports(doc, reports, now().getTime()), reason);

	async function reconcile(municipalityId: string): Promise<boolean> {
		const snapshot = await readFeedSnapshot(db, municipalityId, staleAfterHours, now());
		if (!snapshot) return false;
		await write(feedRoom(municipalityId), (doc) => applyFeedSnapshot(doc, snapshot), 'feed filled from the store');
		return true;
	}

	function reconcileOnce(municipalityId: string): Promise<boolean> {
		let pending = reconciled.get(municipalityId);
		if (!pending) {
			pending = reconcile(municipalityId).then(
				(known) => {
					// An unknown municipality is not remembered: ids come from anyone's URL.
					if (!known) reconciled.delete(municipalityId);
					return known;
				},
				(error: unknown) => {
					reconciled.delete(municipalityId);
					throw error;
				}
			);
			reconciled.set(municipalityId, pending);
		}
		return pending;
	}

	async function backfillReportMeta(id: string): Promise<void> {
		if (checkedReports.has(id)) return;
		const report = await storedPublicReport(db, id);
		if (!report) return; // not received (yet): the report route writes its meta when it is
		// Fields already there are kept, so a document that has its meta is not written to.
		await publishReportDoc(write, report);
		markChecked(id);
	}

	function markChecked(id: string): void {
		if (checkedReports.size >= CHECKED_REPORTS_MAX) checkedReports.clear();
		checkedReports.add(id);
	}

	return {
		async reportAccepted(report) {
			const results = await Promise.allSettled([publishReportDoc(write, report), writeReports(report.municipality, [report], 'report accepted')]);
			for (const [i, result] of results.entries()) {
				if (result.status === 'rejected') log.error(`reports: could not write ${i === 0 ? `report:${report.id}` : feedRoom(report.municipality)}`, result.reason);
			}
			// Its meta is written: opening its document needs no look in the store.
			if (results[0].status === 'fulfilled') markChecked(report.id);
		},
		async incidentChanged(incidentId) {
			try {
				const reports = await incidentReports(db, incidentId, now());
				const municipality = reports[0]?.municipality;
				if (municipality) await writeReports(municipality, reports, 'incident changed');
			} catch (error) {
				log.error(`reports: could not write the feed after a decision on incident ${incidentId}`, error);
			}
		},
		async reportModerated(id) {
			const report = await storedPublicReport(db, id);
			if (!report) return [];
			const rooms: string[] = [];
			if (await writeReports(report.municipality, [report], 'moderation')) rooms.push(feedRoom(report.municipality));
			const meta = reportMeta(report, '');
			const changed = await write(
				`report:${id}`,
				(doc) => {
					const map = doc.getMap('meta');
					for (const key of ['description', 'photos'] as const) if (map.has(key) && !sameValue(map.get(key), meta[key])) map.set(key, meta[key]);
				},
				'moderation'
			);
			if (changed) rooms.push(`report:${id}`);
			return rooms;
		},
		reconcile,
		prepareFeed: async (municipalityId) => void (await reconcileOnce(municipalityId)),
		prepareReport: backfillReportMeta,
		startRetention(everyMs = 3600_000) {
			const run = async () => {
				try {
					const rows = await reportsStore(db).selectFrom('report').select('municipality_id').distinct().execute();
					for (const { municipality_id } of rows) await reconcile(municipality_id);
				} catch (error) {
					log.error('reports: the feed retention pass failed', error);
				}
			};
			const timer = setInterval(() => void run(), everyMs);
			timer.unref();
			return () => clearInterval(timer);
		}
	};
}
