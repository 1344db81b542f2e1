import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { feedRoots, fromFeedEntry, readFeedSettings } from '$lib/domain/feed-doc.ts';
import type { PublicReport } from '$lib/domain/report.ts';
import { DEFAULT_STALE_AFTER_HOURS } from '$lib/domain/report-staleness.ts';
import { isoNow } from '$lib/domain/time.ts';
import { SyncedDoc, type SyncStatus } from '$lib/sync/synced-doc.ts';
import type { ReportsDb } from './db.ts';
import { byId, mirrorChanges, sameReport } from './feed-mirror.ts';
import { ensureSession } from './session.ts';

export interface FeedSubscription {
	/** e.g. `wss://host/sync` (`syncServerUrl(location)`). */
	serverUrl: string;
	/** Keep the document on the device with y-indexeddb (default), so reopening syncs only what is new. */
	persist?: boolean;
	/** Makes sure the device has a session before connecting (default: the device's own account). */
	signIn?: () => Promise<boolean>;
}

/**
 * A municipality's public reports, kept on the device so the map, the list and a report's page
 * work offline. They arrive over the sync server as `feed:<municipality>`, a document only the
 * server writes (src/lib/domain/feed-doc.ts), kept with y-indexeddb so reopening fetches only what
 * changed. The reports are also mirrored into Dexie (`cuadra-reports.feed`), which `load` reads at
 * once and a report's page reads by id.
 */
export class ReportFeedState {
	municipality = $state<string | null>(null);
	reports = $state.raw<PublicReport[]>([]);
	staleAfterHours = $state(DEFAULT_STALE_AFTER_HOURS);
	/** When the device last heard from the server about this feed, by the device's clock. */
	fetchedAt = $state<string | null>(null);
	coarseCategories = $state.raw<string[]>([]);
	status = $state<SyncStatus>('connecting');
	readonly #db: ReportsDb;
	#synced: SyncedDoc | null = null;
	#persistence: IndexeddbPersistence | null = null;
	#unbind: (() => void) | null = null;
	#stopOnline: (() => void) | null = null;
	/** Bumped when the municipality changes or the state is destroyed: late async work is dropped. */
	#generation = 0;
	/** Public reports parsed from entries, by the entry's identity (entries are replaced, never mutated). */
	#parsed = new WeakMap<object, PublicReport>();
	/** What Dexie holds for this municipality, as last written (null: not written in this session yet). */
	#mirrored: Map<string, PublicReport> | null = null;
	/** What `load` read from Dexie: the first mirror writes only what differs from it. */
	#loaded: Map<string, PublicReport> | null = null;
	#mirroring: Promise<void> = Promise.resolve();
	/** Set by `destroy`: a `subscribe` still on its way (after `load`) opens nothing. */
	#destroyed = false;

	constructor(db: ReportsDb) {
		this.#db = db;
	}

	/** What the device has for this municipality, at once (also offline). */
	async load(municipality: string): Promise<void> {
		if (this.municipality !== municipality) this.#close();
		this.municipality = municipality;
		const generation = this.#generation;
		const [reports, meta] = await Promise.all([this.#db.feed.where('municipality').equals(municipality).toArray(), this.#db.feedMeta.get(municipality)]);
		if (generation !== this.#generation) return;
		this.reports = reports;
		this.#loaded = byId(reports);
		this.staleAfterHours = meta?.staleAfterHours ?? DEFAULT_STALE_AFTER_HOURS;
		this.fetchedAt = meta?.fetchedAt ?? null;
		this.coarseCategories = meta?.coarseCategories ?? [];
	}

	/**
	 * Follows `feed:<municipality>` for the loaded municipality: the device's copy of the document
	 * first (y-indexeddb), then the server's changes as they are written. Offline, the copy stays.
	 */
	async subscribe(options: FeedSubscription): Promise<void> {
		const municipality = this.municipality;
		if (!municipality || this.#synced || this.#destroyed) return;
		const generation = this.#generation;
		const persist = options.persist ?? true;
		const signIn = options.signIn ?? (() => ensureSession());
		const doc = new Y.Doc();
		const name = `cuadra-sync:feed:${municipality}`;
		if (persist) {
			const persistence = new IndexeddbPersistence(name, doc);
			this.#persistence = persistence;
			await persistence.whenSynced;
		}
		if (generation !== this.#generation) return;
		this.attach(doc);
		// Reading needs a session (any account); offline this fails and the copy is shown.
		await signIn();
		if (generation !== this.#generation) return;
		this.#synced = new SyncedDoc({
			serverUrl: options.serverUrl,
			room: `feed:${municipality}`,
			roots: feedRoots,
			doc,
			onStatus: (status) => {
				this.status = status;
				if (status === 'synced') this.#heard(municipality, generation);
			},
			// The server never refuses a reader's empty sync; should it reset the document, follow it.
			onDoc: (fresh) => {
				this.attach(fresh);
				if (!persist) return;
				void this.#persistence?.clearData();
				this.#persistence = new IndexeddbPersistence(name, fresh);
			},
			reauthenticate: () => signIn()
		});
		if (typeof window !== 'undefined') {
			// Back online without a session (it was made offline): sign in, y-websocket reconnects.
			const online = () => void (this.status !== 'synced' && signIn());
			window.addEventListener('online', online);
			this.#stopOnline = () => window.removeEventListener('online', online);
		}
	}

	/** Shows a feed document and keeps the device's copy in step with it. */
	attach(doc: Y.Doc): void {
		this.#unbind?.();
		const municipality = this.municipality;
		if (!municipality) return;
		const generation = this.#generation;
		const entries = doc.getMap('reports');
		const closing = doc.getMap('closing');
		const settings = doc.getMap('settings');
		const update = (transaction?: Y.Transaction) => {
			if (transaction && transaction.changed.size === 0) return;
			// Until the server has written anything here (a copy never synced), keep what Dexie has.
			if (settings.size === 0 && entries.size === 0) return;
			this.reports = this.#read(entries, closing, municipality);
			const { staleAfterHours, coarseCategories } = readFeedSettings(doc);
			if (staleAfterHours !== null) this.staleAfterHours = staleAfterHours;
			if (coarseCategories !== null) this.coarseCategories = coarseCategories;
			this.#mirror(municipality, generation);
			if (transaction && !transaction.local && this.status === 'synced') this.#heard(municipality, generation);
		};
		doc.on('afterTransaction', update);
		update();
		this.#unbind = () => doc.off('afterTransaction', update);
	}

	destroy(): void {
		this.#destroyed = true;
		this.#close();
	}

	#close(): void {
		this.#generation++;
		this.#unbind?.();
		this.#unbind = null;
		this.#stopOnline?.();
		this.#stopOnline = null;
		this.#synced?.destroy();
		this.#synced = null;
		void this.#persistence?.destroy();
		this.#persistence = null;
		this.#mirrored = null;
		this.#loaded = null;
		this.status = 'connecting';
	}

	#read(entries: Y.Map<unknown>, closing: Y.Map<unknown>, municipality: string): PublicReport[] {
		const out: PublicReport[] = [];
		entries.forEach((entry, id) => {
			const incident = Array.isArray(entry) && typeof entry[0] === 'string' ? entry[0] : null;
			const message = incident ? closing.get(incident) : undefined;
			const closingMessage = typeof message === 'string' ? message : null;
			const cached = typeof entry === 'object' && entry !== null ? this.#parsed.get(entry) : undefined;
			if (cached && (cached.status !== 'closed' || cached.closingMessage === closingMessage)) {
				out.push(cached);
				return;
			}
			const report = fromFeedEntry(id, municipality, entry, closingMessage);
			if (!report) return;
			if (typeof entry === 'object' && entry !== null) this.#parsed.set(entry, report);
			out.push(report);
		});
		return out.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
	}

	/** Writes what changed since the last mirror into Dexie, one write at a time. */
	#mirror(municipality: string, generation: number): void {
		const reports = this.reports;
		const settings = { staleAfterHours: this.staleAfterHours, coarseCategories: this.coarseCategories };
		this.#mirroring = this.#mirroring
			.then(async () => {
				if (generation !== this.#generation) return;
				// First write of this session: compare by value with what load() read, so reopening a
				// feed that did not change writes nothing.
				const { replaceAll, changed, gone, after } = this.#mirrored ? mirrorChanges(this.#mirrored, reports) : mirrorChanges(this.#loaded, reports, sameReport);
				const db = this.#db;
				await db.transaction('rw', db.feed, db.feedMeta, async () => {
					if (replaceAll) await db.feed.where('municipality').equals(municipality).delete();
					if (changed.length) await db.feed.bulkPut(changed);
					if (gone.length) await db.feed.bulkDelete(gone);
					const meta = await db.feedMeta.get(municipality);
					await db.feedMeta.put({ ...meta, municipality, fetchedAt: meta?.fetchedAt ?? isoNow(), ...settings });
				});
				if (generation === this.#generation) this.#mirrored = after;
			})
			.catch(() => {
				// IndexedDB full or closed: the page still shows the reports; the next change retries all.
				this.#mirrored = null;
				this.#loaded = null;
			});
	}

	/** The server answered: remember when, for "saved copy from …" offline. */
	#heard(municipality: string, generation: number): void {
		const fetchedAt = isoNow();
		this.fetchedAt = fetchedAt;
		this.#mirroring = this.#mirroring
			.then(async () => {
				if (generation !== this.#generation) return;
				const meta = await this.#db.feedMeta.get(municipality);
				await this.#db.feedMeta.put({ staleAfterHours: this.staleAfterHours, coarseCategories: this.coarseCategories, ...meta, municipality, fetchedAt });
			})
			.catch(() => {});
	}
}
