import type { PublicReport } from '$lib/domain/report.ts';
import type { FeedLease } from './feed-registry.ts';

export interface ReportPageDeps {
	/** A municipality's shared feed (feed-registry), read from the device's copy and kept up to date. */
	acquire: (municipality: string) => FeedLease;
	/** Municipalities whose feed the device has a copy of (`feedCopies`). */
	copies: () => Promise<string[]>;
	following: { load(): Promise<void>; has(id: string): boolean; follow(id: string): Promise<void> };
	/** The reports made on this device (the outbox). */
	madeHere: () => Promise<{ madeHere(ids: readonly string[]): boolean }>;
}

/**
 * A report's own page (`/reports/view?id=`), read from the device's copy of its municipality's
 * feed, so it opens offline; while open it follows the feed (a status, a closing message). The
 * report is looked for in the home municipality's feed first, then in the other feeds the device
 * keeps (a neighbouring municipality's report, opened from an alert).
 */
export class ReportPage {
	/** The search is over (`report` stays null when the device has no such report). */
	loaded = $state(false);
	#lease = $state.raw<FeedLease | null>(null);
	#id = $state<string | null>(null);
	#mine = $state.raw<{ madeHere(ids: readonly string[]): boolean } | null>(null);
	readonly #deps: ReportPageDeps;
	#closed = false;

	readonly report = $derived.by<PublicReport | null>(() => this.#lease?.feed.reports.find((r) => r.id === this.#id) ?? null);
	/** The other reports of the same incident, oldest first. */
	readonly others = $derived.by<PublicReport[]>(() => {
		const report = this.report;
		if (!report || !this.#lease) return [];
		return this.#lease.feed.reports.filter((r) => r.incidentId === report.incidentId && r.id !== report.id).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
	});
	readonly staleAfterHours = $derived(this.report ? this.#lease?.feed.staleAfterHours : undefined);
	readonly followed = $derived.by(() => !!this.report && this.#deps.following.has(this.report.id));
	/** The incident's thread is also the reporter's when the device made any of its reports. */
	readonly mine = $derived(!!this.report && !!this.#mine?.madeHere([this.report.id, ...this.others.map((o) => o.id)]));

	constructor(deps: ReportPageDeps) {
		this.#deps = deps;
	}

	/** Finds the report: in `home`'s feed first, then in the other feeds kept on the device (`also`). */
	async open(id: string | null, home: string | null, also: readonly string[] = []): Promise<void> {
		this.#id = id;
		void this.#deps.following.load();
		void this.#deps.madeHere().then((mine) => (this.#mine = mine));
		if (!id) {
			this.loaded = true;
			return;
		}
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local list without repeats, not state
		const candidates = [...new Set([...(home ? [home] : []), ...(await this.#deps.copies()), ...also])];
		for (const municipality of candidates) {
			if (this.#closed) return;
			const lease = this.#deps.acquire(municipality);
			await lease.feed.load(municipality);
			if (this.#closed) return lease.release();
			if (lease.feed.reports.some((r) => r.id === id)) {
				this.#hold(lease);
				break;
			}
			// Not here. The home feed stays followed, in case the report arrives with the next sync.
			if (municipality === home && !this.#lease) this.#hold(lease);
			else lease.release();
		}
		this.loaded = true;
	}

	async follow(): Promise<void> {
		if (this.report) await this.#deps.following.follow(this.report.id);
	}

	/** Lets the feed go (the page is left). */
	close(): void {
		this.#closed = true;
		this.#lease?.release();
		this.#lease = null;
	}

	#hold(lease: FeedLease): void {
		if (this.#lease !== lease) this.#lease?.release();
		this.#lease = lease;
	}
}
