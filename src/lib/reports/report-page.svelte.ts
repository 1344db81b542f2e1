import { untrack } from 'svelte';
import type { PublicEvent } from '$lib/domain/lifecycle.ts';
import type { PublicReport } from '$lib/domain/report.ts';
import type { FeedLease } from './feed-registry.ts';
import type { FetchedReport, ReopenResult } from './report-api.ts';
import { currentState, pinnedClosing, threadView, timelineItems, type TimelineItem } from './timeline.ts';

export interface ReportPageDeps {
	/** A municipality's shared feed (feed-registry), read from the device's copy and kept up to date. */
	acquire: (municipality: string) => FeedLease;
	/** Municipalities whose feed the device has a copy of (`feedCopies`). */
	copies: () => Promise<string[]>;
	following: { load(): Promise<void>; has(id: string): boolean; follow(id: string): Promise<void> };
	/** The reports made on this device (the outbox). */
	madeHere: () => Promise<{ madeHere(ids: readonly string[]): boolean }>;
	/** `GET /api/reports/:id`, for a shared link opened on a device that holds none of its feed (report-api.ts). */
	fetchReport: (id: string) => Promise<FetchedReport>;
	/** What the resident last saw of a report, for "what changed since" (looks.svelte.ts). */
	looks: { remember(report: PublicReport): Promise<void> };
	/** The reporter asks for a closed report to be reopened; whether they already did is kept on the device. */
	reopen: { asked(id: string): boolean; request(id: string, reason: string): Promise<ReopenResult>; remember(id: string): void };
}

/**
 * A report's own page (`/reports/view?id=`), read from the device's copy of its municipality's
 * feed, so it opens offline; while open it follows the feed (a status, a closing message). The
 * report is looked for in the home municipality's feed first, then in the other feeds the device
 * keeps (a neighbouring municipality's report, opened from an alert), then asked of the server (a
 * shared link on a device without that feed), whose feed is then followed. Its thread's public
 * timeline (`events`, from the incident's chat) gives the status, the pinned closing message and
 * whether the thread is closed.
 */
export class ReportPage {
	/** The search is over (`report` stays null when there is no such report). */
	loaded = $state(false);
	/** Not on the device and the server could not be asked (offline, a server error): not "not found". */
	unreachable = $state(false);
	/** The thread's public timeline, as the chat reads it from `incident:<id>` (pushed as the server writes it). */
	events = $state.raw<PublicEvent[]>([]);
	/** The reporter's request to reopen a closed report: `no`, `sent` now, or `already` asked. */
	reopenAsked = $state<'no' | 'sent' | 'already'>('no');
	#lease = $state.raw<FeedLease | null>(null);
	#leaseOf: string | null = null;
	#id = $state<string | null>(null);
	/** The report as the server gave it, until its feed holds it. */
	#fetched = $state.raw<PublicReport | null>(null);
	#mine = $state.raw<{ madeHere(ids: readonly string[]): boolean } | null>(null);
	readonly #deps: ReportPageDeps;
	#closed = false;
	/** What `recordLook` last recorded. */
	#looked = '';

	readonly report = $derived.by<PublicReport | null>(() => this.#lease?.feed.reports.find((r) => r.id === this.#id) ?? (this.#fetched?.id === this.#id ? this.#fetched : null));
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
	/**
	 * This report itself was made on this device (not only another of its incident's): no one flags
	 * their own. Null until the device has looked, so a Flag button never shows for a moment on one's own.
	 */
	readonly ownReport = $derived<boolean | null>(this.report && this.#mine ? this.#mine.madeHere([this.report.id]) : null);
	/** Where it stands, by the thread's timeline when it says more than the feed. */
	readonly status = $derived(this.report ? currentState(this.events, this.report) : null);
	/** The closing message, pinned above the report. */
	readonly closing = $derived(this.report ? pinnedClosing(this.events, this.report) : null);
	readonly thread = $derived(threadView(this.events));
	readonly timeline = $derived<TimelineItem[]>(this.report ? timelineItems(this.events, this.report) : []);
	/** Closed or merged away: the thread is read-only for residents (the server refuses writes too). */
	readonly threadClosed = $derived<'closed' | 'merged' | null>(this.thread.mergedInto ? 'merged' : this.status === 'closed' ? 'closed' : null);

	constructor(deps: ReportPageDeps) {
		this.#deps = deps;
	}

	/** Finds the report: in `home`'s feed first, then in the other feeds kept on the device (`also`), then on the server. */
	async open(id: string | null, home: string | null, also: readonly string[] = []): Promise<void> {
		this.#id = id;
		void this.#deps.following.load();
		void this.#deps.madeHere().then((mine) => (this.#mine = mine));
		if (!id) {
			this.loaded = true;
			return;
		}
		this.reopenAsked = this.#deps.reopen.asked(id) ? 'already' : 'no';
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local list without repeats, not state
		const candidates = [...new Set([...(home ? [home] : []), ...(await this.#deps.copies()), ...also])];
		for (const municipality of candidates) {
			if (this.#closed) return;
			const lease = this.#deps.acquire(municipality);
			await lease.feed.load(municipality);
			if (this.#closed) return lease.release();
			if (lease.feed.reports.some((r) => r.id === id)) {
				this.#hold(lease, municipality);
				break;
			}
			// Not here. The home feed stays followed, in case the report arrives with the next sync.
			if (municipality === home && !this.#lease) this.#hold(lease, municipality);
			else lease.release();
		}
		if (!this.report) await this.#ask(id);
		this.loaded = true;
	}

	/** A report of another incident in the same feed (where a merged one went), for a link. */
	reportOf(incidentId: string): string | null {
		return this.#lease?.feed.reports.find((r) => r.incidentId === incidentId)?.id ?? null;
	}

	async follow(): Promise<void> {
		if (this.report) await this.#deps.following.follow(this.report.id);
	}

	/** The resident sees the report as it is now (call from an effect: again as it changes). */
	recordLook(): void {
		const report = this.report;
		if (!report) return;
		// The feed replaces its reports at each sync: only a report that looks different is a new look.
		const seen = `${report.id} ${report.status} ${report.statusAt} ${report.closingMessage ?? ''}`;
		if (seen === this.#looked) return;
		this.#looked = seen;
		untrack(() => void this.#deps.looks.remember(report).catch(() => undefined));
	}

	/** The reporter asks for the closed report to be reopened, with their reason. `failed`: nothing changed, they may try again. */
	async requestReopen(reason: string): Promise<'sent' | 'already' | 'failed'> {
		const id = this.report?.id;
		if (!id) return 'failed';
		const result = await this.#deps.reopen.request(id, reason.trim());
		if (result === 'failed' || result === 'refused') return 'failed';
		// The server refuses a second request anyway; the device remembers, so it does not offer one.
		this.#deps.reopen.remember(id);
		this.reopenAsked = result;
		return result;
	}

	/** Lets the feed go (the page is left). */
	close(): void {
		this.#closed = true;
		this.#lease?.release();
		this.#lease = null;
	}

	/** A shared link on a device without the report's feed: the server's copy, then its feed followed. */
	async #ask(id: string): Promise<void> {
		const fetched = await this.#deps.fetchReport(id);
		if (this.#closed) return;
		if (fetched.kind !== 'ok') {
			this.unreachable = fetched.kind === 'failed';
			return;
		}
		this.#fetched = fetched.report;
		const municipality = fetched.report.municipality;
		if (this.#leaseOf !== municipality) this.#hold(this.#deps.acquire(municipality), municipality);
	}

	#hold(lease: FeedLease, municipality: string): void {
		if (this.#lease !== lease) this.#lease?.release();
		this.#lease = lease;
		this.#leaseOf = municipality;
	}
}
