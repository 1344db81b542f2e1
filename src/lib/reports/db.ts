import Dexie, { type EntityTable } from 'dexie';
import type { PublicReport, RefusalCode, ReportInput } from '$lib/domain/report.ts';
import type { LastLook } from './last-look.ts';

/** Where a report made on this device stands, as the resident sees it. */
export type MyReportState = 'saved_on_phone' | 'received' | 'acknowledged' | 'in_progress' | 'referred' | 'closed' | 'refused' | 'practice';

/** A report made on this device. Practice reports never leave it. */
export interface MyReport {
	id: string;
	input: ReportInput;
	practice: boolean;
	state: MyReportState;
	/** Known once the server has received it (or, in practice, from the device's boundaries). */
	municipality: string | null;
	refusal: { code: RefusalCode | 'unknown'; message: string } | null;
	/** Failed sending attempts so far, and when (epoch ms) to try next. */
	attempts: number;
	nextAttemptAt: number;
	/** When it was saved on the device, by the device's clock. */
	savedAt: string;
	/** The public report as the server published it, once received. */
	published: PublicReport | null;
}

export interface StoredPhoto {
	id: string;
	reportId: string;
	/** Already resized and re-encoded on the device: no EXIF, no GPS. */
	blob: Blob;
	/** Whether the server has it (uploads resume photo by photo). */
	uploaded: boolean;
}

/**
 * The reports feature's own database on the device (`cuadra-reports`): the reports made here, their
 * photos, the reports followed and what the resident last saw of each (`looks`). The public feed
 * is not here: it is kept once, as its document's y-indexeddb copy (`cuadra-sync:feed:<municipality>`, feed.svelte.ts).
 */
export class ReportsDb extends Dexie {
	mine!: EntityTable<MyReport, 'id'>;
	photos!: EntityTable<StoredPhoto, 'id'>;
	following!: EntityTable<{ id: string; since: string }, 'id'>;
	/** What the resident last saw of each report, to say what changed since (last-look.ts). */
	looks!: EntityTable<LastLook, 'id'>;

	constructor(options?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange }) {
		super('cuadra-reports', options);
		this.version(1).stores({
			mine: 'id, state, savedAt',
			photos: 'id, reportId',
			feed: 'id, municipality, receivedAt',
			feedMeta: 'municipality',
			following: 'id'
		});
		// Version 2 (one upgrade, neither half shipped alone): drops the feed's mirror (`feed`,
		// `feedMeta`: the feed's document is its one copy) and adds `looks`. `mine`, `photos` and
		// `following` are kept as they were.
		this.version(2).stores({ feed: null, feedMeta: null, looks: 'id' });
	}
}

/** Epoch milliseconds as ISO-8601. */
export const isoAt = (ms: number): string => new Date(ms).toISOString();

let shared: ReportsDb | undefined;
/** The app's one connection to `cuadra-reports`, opened on first use. */
export function reportsDb(): ReportsDb {
	return (shared ??= new ReportsDb());
}
