import { reportFeedSchema, type PublicReport } from '$lib/domain/report.ts';
import { DEFAULT_STALE_AFTER_HOURS } from '$lib/domain/report-staleness.ts';
import { isoNow } from '$lib/domain/time.ts';
import type { ReportsDb } from './db.ts';

/**
 * A municipality's public reports, kept on the device so the map and the list work offline.
 * Interim delivery: `GET /api/reports?municipality=` polled while the page is open. Once the sync
 * server carries a per-municipality feed document, `refresh` is replaced by that subscription and
 * everything that reads `reports` stays as it is.
 */
export class ReportFeedState {
	municipality = $state<string | null>(null);
	reports = $state.raw<PublicReport[]>([]);
	staleAfterHours = $state(DEFAULT_STALE_AFTER_HOURS);
	fetchedAt = $state<string | null>(null);
	coarseCategories = $state.raw<string[]>([]);
	readonly #db: ReportsDb;
	readonly #fetch: typeof fetch;

	constructor(db: ReportsDb, fetchImpl: typeof fetch = (...args) => fetch(...args)) {
		this.#db = db;
		this.#fetch = fetchImpl;
	}

	/** What the device has for this municipality, at once. */
	async load(municipality: string): Promise<void> {
		this.municipality = municipality;
		const [reports, meta] = await Promise.all([
			this.#db.feed.where('municipality').equals(municipality).toArray(),
			this.#db.feedMeta.get(municipality)
		]);
		if (this.municipality !== municipality) return;
		this.reports = reports;
		this.staleAfterHours = meta?.staleAfterHours ?? DEFAULT_STALE_AFTER_HOURS;
		this.fetchedAt = meta?.fetchedAt ?? null;
		this.coarseCategories = meta?.coarseCategories ?? [];
	}

	/** Asks the server for the latest; offline or failing, the device's copy stays. */
	async refresh(): Promise<boolean> {
		const municipality = this.municipality;
		if (!municipality) return false;
		try {
			const meta = await this.#db.feedMeta.get(municipality);
			const headers: Record<string, string> = { accept: 'application/json' };
			if (meta?.etag && this.reports.length) headers['if-none-match'] = meta.etag;
			const response = await this.#fetch(`/api/reports?municipality=${encodeURIComponent(municipality)}`, { headers });
			const fetchedAt = isoNow();
			if (response.status === 304 && meta) {
				await this.#db.feedMeta.put({ ...meta, fetchedAt });
				if (this.municipality === municipality) this.fetchedAt = fetchedAt;
				return true;
			}
			if (!response.ok) return false;
			const feed = reportFeedSchema.parse(await response.json());
			const etag = response.headers.get('etag') ?? undefined;
			await this.#db.transaction('rw', this.#db.feed, this.#db.feedMeta, async () => {
				await this.#db.feed.where('municipality').equals(municipality).delete();
				await this.#db.feed.bulkPut(feed.reports);
				await this.#db.feedMeta.put({ municipality, staleAfterHours: feed.staleAfterHours, fetchedAt, coarseCategories: feed.coarseCategories, ...(etag ? { etag } : {}) });
			});
			if (this.municipality === municipality) {
				this.reports = feed.reports;
				this.staleAfterHours = feed.staleAfterHours;
				this.fetchedAt = fetchedAt;
				this.coarseCategories = feed.coarseCategories;
			}
			return true;
		} catch {
			return false;
		}
	}
}
