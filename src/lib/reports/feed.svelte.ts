import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { feedRoots, fromFeedEntry, readFeedSettings } from '$lib/domain/feed-doc.ts';
import type { PublicReport } from '$lib/domain/report.ts';
import { DEFAULT_STALE_AFTER_HOURS } from '$lib/domain/report-staleness.ts';
import { isoNow } from '$lib/domain/time.ts';
import { SyncedDoc, type SyncStatus } from '$lib/sync/synced-doc.ts';
import { ensureSession } from './session.ts';

export interface FeedSubscription {
	/** e.g. `wss://host/sync` (`syncServerUrl(location)`). */
	serverUrl: string;
	/** Makes sure the device has a session before connecting (default: the device's own account). */
	signIn?: () => Promise<boolean>;
}

export interface FeedOptions {
	/** Keep the document on the device with y-indexeddb (default), so it reads offline and reopening syncs only what is new. */
	persist?: boolean;
}

/** The y-indexeddb database that keeps a municipality's feed on the device. */
export const feedCopyName = (municipality: string): string => `cuadra-sync:feed:${municipality}`;

/** Where the copy keeps when the server was last heard from (y-indexeddb's own key-value store). */
const FETCHED_AT = 'fetchedAt';

/**
 * A municipality's public reports, kept once on the device so the map, the list and a report's
 * page work offline: the document `feed:<municipality>` (src/lib/domain/feed-doc.ts), which only
 * the server writes, in its y-indexeddb copy (`cuadra-sync:feed:<m>`). `load` reads the copy (the
 * first paint, also offline); `subscribe` follows the server, which sends only what changed since.
 */
export class ReportFeedState {
	municipality = $state<string | null>(null);
	reports = $state.raw<PublicReport[]>([]);
	staleAfterHours = $state(DEFAULT_STALE_AFTER_HOURS);
	/** When the device last heard from the server about this feed, by the device's clock. */
	fetchedAt = $state<string | null>(null);
	coarseCategories = $state.raw<string[]>([]);
	status = $state<SyncStatus>('connecting');
	/** The device's copy has been read (what it holds is in `reports`, maybe nothing). */
	loaded = $state(false);
	readonly #persist: boolean;
	#doc: Y.Doc | null = null;
	#copy: IndexeddbPersistence | null = null;
	#loading: Promise<void> | null = null;
	#synced: SyncedDoc | null = null;
	#unbind: (() => void) | null = null;
	#stopOnline: (() => void) | null = null;
	/** Bumped when the municipality changes or the state is destroyed: late async work is dropped. */
	#generation = 0;
	/** Public reports parsed from entries, by the entry's identity (entries are replaced, never mutated). */
	#parsed = new WeakMap<object, PublicReport>();
	/** Set by `destroy`: a `subscribe` still on its way (after `load`) opens nothing. */
	#destroyed = false;

	constructor(options: FeedOptions = {}) {
		this.#persist = options.persist ?? true;
	}

	/** The document shown (the device's copy, then the server's), once loaded. */
	get doc(): Y.Doc | null {
		return this.#doc;
	}

	/** What the device has for this municipality: its copy of the document, at once (also offline). */
	load(municipality: string): Promise<void> {
		if (this.municipality === municipality && this.#loading) return this.#loading;
		if (this.municipality !== municipality) this.#close();
		this.municipality = municipality;
		return (this.#loading = this.#open(municipality));
	}

	async #open(municipality: string): Promise<void> {
		const generation = this.#generation;
		const doc = new Y.Doc();
		const copy = this.#persist ? new IndexeddbPersistence(feedCopyName(municipality), doc) : null;
		const fetchedAt = copy ? await copy.whenSynced.then(() => copy.get(FETCHED_AT)).catch(() => null) : null;
		if (generation !== this.#generation) {
			void copy?.destroy();
			doc.destroy();
			return;
		}
		this.#doc = doc;
		this.#copy = copy;
		this.fetchedAt = typeof fetchedAt === 'string' ? fetchedAt : null;
		this.attach(doc);
		this.loaded = true;
	}

	/**
	 * Follows `feed:<municipality>` for the loaded municipality: the device's copy of the document
	 * first (y-indexeddb), then the server's changes as they are written. Offline, the copy stays.
	 */
	async subscribe(options: FeedSubscription): Promise<void> {
		const municipality = this.municipality;
		if (!municipality || this.#synced || this.#destroyed) return;
		const generation = this.#generation;
		const signIn = options.signIn ?? (() => ensureSession());
		await this.load(municipality);
		const doc = this.#doc;
		if (generation !== this.#generation || !doc) return;
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
				if (status === 'synced') this.#heard(generation);
			},
			// The server never refuses a reader's empty sync; should it reset the document, follow it.
			onDoc: (fresh) => void this.replace(fresh),
			reauthenticate: () => signIn()
		});
		if (typeof window !== 'undefined') {
			// Back online without a session (it was made offline): sign in, y-websocket reconnects.
			const online = () => void (this.status !== 'synced' && signIn());
			window.addEventListener('online', online);
			this.#stopOnline = () => window.removeEventListener('online', online);
		}
	}

	/** The document was reset (a fresh copy from the server): show it, and keep it as the device's copy instead. */
	async replace(fresh: Y.Doc): Promise<void> {
		const municipality = this.municipality;
		const generation = this.#generation;
		if (!municipality) return;
		this.#doc = fresh;
		this.attach(fresh);
		const old = this.#copy;
		if (!old) return;
		this.#copy = null;
		await old.clearData().catch(() => undefined);
		if (generation !== this.#generation) return;
		const copy = new IndexeddbPersistence(feedCopyName(municipality), fresh);
		this.#copy = copy;
		// The fresh document is written into the new copy as it opens.
		await copy.whenSynced;
	}

	/** Shows a feed document: `reports` and the settings follow each of its changes. */
	attach(doc: Y.Doc): void {
		this.#unbind?.();
		const municipality = this.municipality;
		if (!municipality) return;
		const generation = this.#generation;
		const entries = doc.getMap('reports');
		const closing = doc.getMap('closing');
		const hidden = doc.getMap('hidden');
		const settings = doc.getMap('settings');
		const update = (transaction?: Y.Transaction) => {
			if (transaction && transaction.changed.size === 0) return;
			// Until the server has written anything here (a fresh document not synced yet), keep what is shown.
			if (settings.size === 0 && entries.size === 0) return;
			this.reports = this.#read(entries, closing, hidden, municipality);
			const { staleAfterHours, coarseCategories } = readFeedSettings(doc);
			if (staleAfterHours !== null) this.staleAfterHours = staleAfterHours;
			if (coarseCategories !== null) this.coarseCategories = coarseCategories;
			if (transaction && !transaction.local && this.status === 'synced') this.#heard(generation);
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
		void this.#copy?.destroy();
		this.#copy = null;
		this.#doc = null;
		this.#loading = null;
		this.loaded = false;
		this.status = 'connecting';
	}

	#read(entries: Y.Map<unknown>, closing: Y.Map<unknown>, hidden: Y.Map<unknown>, municipality: string): PublicReport[] {
		const out: PublicReport[] = [];
		entries.forEach((entry, id) => {
			const incident = Array.isArray(entry) && typeof entry[0] === 'string' ? entry[0] : null;
			const message = incident ? closing.get(incident) : undefined;
			const closingMessage = typeof message === 'string' ? message : null;
			// What the municipality hid of it (issue 16): written with the entry, compared in case it came alone.
			const parts = hidden.get(id);
			const cached = typeof entry === 'object' && entry !== null ? this.#parsed.get(entry) : undefined;
			if (cached && (cached.status !== 'closed' || cached.closingMessage === closingMessage) && JSON.stringify(cached.hidden) === JSON.stringify(parts)) {
				out.push(cached);
				return;
			}
			const report = fromFeedEntry(id, municipality, entry, closingMessage, parts);
			if (!report) return;
			if (typeof entry === 'object' && entry !== null) this.#parsed.set(entry, report);
			out.push(report);
		});
		return out.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
	}

	/** The server answered: remember when, for "saved copy from …" offline. */
	#heard(generation: number): void {
		const fetchedAt = isoNow();
		this.fetchedAt = fetchedAt;
		if (generation === this.#generation) void this.#copy?.set(FETCHED_AT, fetchedAt).catch(() => undefined);
	}
}

/** The municipalities whose feed the device keeps a copy of (empty when the browser cannot list its databases). */
export async function feedCopies(factory: Pick<IDBFactory, 'databases'> | undefined = globalThis.indexedDB): Promise<string[]> {
	if (typeof factory?.databases !== 'function') return [];
	const prefix = feedCopyName('');
	try {
		return (await factory.databases()).flatMap((d) => (d.name?.startsWith(prefix) ? [d.name.slice(prefix.length)] : []));
	} catch {
		return [];
	}
}

/**
 * The reports among `ids` in the device's copies of other municipalities' feeds (not `skip`'s):
 * each copy is read once and let go, with no socket (a followed report of a neighbouring
 * municipality, listed at home). Empty when there is none, or the copies cannot be read.
 */
export async function reportsInCopies(ids: readonly string[], skip: string | null, copies: () => Promise<string[]> = () => feedCopies()): Promise<PublicReport[]> {
	if (!ids.length) return [];
	const found: PublicReport[] = [];
	for (const municipality of await copies()) {
		if (municipality === skip) continue;
		const copy = new ReportFeedState();
		try {
			await copy.load(municipality);
			found.push(...copy.reports.filter((r) => ids.includes(r.id)));
		} catch {
			// An unreadable copy holds nothing to list.
		} finally {
			copy.destroy();
		}
	}
	return found;
}
