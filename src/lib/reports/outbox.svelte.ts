import { municipalityAt } from '$lib/domain/geo.ts';
import type { PublicMunicipality } from '$lib/domain/municipality.ts';
import { isRefusalCode, reportReceiptSchema, type PublicReport, type ReportInput } from '$lib/domain/report.ts';
import type { Backoff } from '$lib/outbox/backoff.ts';
import { Outbox } from '$lib/outbox/outbox.ts';
import { sendOutcome, type SendOutcome } from '$lib/outbox/outcome.ts';
import { isoAt, type MyReport, type ReportsDb } from './db.ts';

/** A report's next attempt: 5 s, 10 s, 20 s … doubling up to 5 minutes (±20 %, the outbox's one jitter). */
export const REPORT_BACKOFF: Backoff = { firstMs: 5_000, maxMs: 5 * 60_000 };

export type SendResult =
	| { kind: 'received'; published: PublicReport; municipality: string }
	| { kind: 'refused'; code: string; message: string }
	| { kind: 'retry' };

export type Sender = (input: ReportInput) => Promise<SendResult>;

export type UploadResult = 'uploaded' | 'refused' | 'retry';
export type Uploader = (id: string, photo: Blob) => Promise<UploadResult>;

/** Uploads one photo under its id. Sending the same photo again is harmless (idempotent). */
export const putPhoto: Uploader = async (id, photo) => {
	const { outcome } = await sendOutcome(() =>
		fetch(`/api/reports/photo?id=${encodeURIComponent(id)}`, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: photo })
	);
	return outcome === 'sent' ? 'uploaded' : outcome;
};

export interface OutboxOptions {
	send?: Sender;
	upload?: Uploader;
	now?: () => number;
	/** Runs once per round that has reports due (the app signs the device in). */
	beforeSending?: () => Promise<unknown>;
}

/** Sends one report. A network failure or a server error is a retry, never lost. */
export const postReport: Sender = async (input) => {
	const { outcome, response } = await sendOutcome(() =>
		fetch('/api/reports', {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(input)
		})
	);
	if (!response || outcome === 'retry') return { kind: 'retry' };
	if (outcome === 'refused') {
		const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
		return { kind: 'refused', code: body?.error?.code ?? 'unknown', message: body?.error?.message ?? '' };
	}
	try {
		const receipt = reportReceiptSchema.parse(await response.json());
		return { kind: 'received', published: receipt.report, municipality: receipt.municipality };
	} catch {
		return { kind: 'retry' };
	}
};

/**
 * The reports made on this device and their way to the server. A report is saved in IndexedDB
 * before anything else, so closing the app, a reload or a restart loses nothing; it is sent when
 * the network is there, retried with backoff, and kept as an editable draft when refused.
 * Practice reports are checked on the device and never sent.
 */
export class ReportsOutbox {
	mine = $state<MyReport[]>([]);
	loaded = $state(false);
	readonly #db: ReportsDb;
	readonly #send: Sender;
	readonly #upload: Uploader;
	readonly #now: () => number;
	/** The one outbox skeleton: the queue is `mine`'s reports saved on the phone, not practice. */
	readonly #outbox: Outbox<MyReport>;

	constructor(db: ReportsDb, options: OutboxOptions = {}) {
		this.#db = db;
		this.#send = options.send ?? postReport;
		this.#upload = options.upload ?? putPhoto;
		this.#now = options.now ?? Date.now;
		const beforeSending = options.beforeSending ?? (async () => undefined);
		this.#outbox = new Outbox<MyReport>({
			queue: {
				waiting: () => db.mine.where('state').equals('saved_on_phone').filter((r) => !r.practice).toArray(),
				later: async (report, attempts, nextAttemptAt) => void (await db.mine.update(report.id, { attempts, nextAttemptAt }))
			},
			deliver: (report) => this.#deliver(report),
			backoff: REPORT_BACKOFF,
			now: this.#now,
			beforeRound: () => beforeSending(),
			afterRound: async (_waiting, tried) => {
				if (tried) await this.load();
			}
		});
	}

	async load(): Promise<void> {
		this.mine = await this.#db.mine.orderBy('savedAt').reverse().toArray();
		this.loaded = true;
	}

	get(id: string): MyReport | undefined {
		return this.mine.find((r) => r.id === id);
	}

	/** Whether any of these reports was made on this device. */
	madeHere(ids: readonly string[]): boolean {
		return this.mine.some((r) => ids.includes(r.id));
	}

	/**
	 * Saves a report (new, or a refused draft edited) on the device at once. In practice mode it is
	 * checked against the boundaries the device keeps and marked as practice; otherwise it waits
	 * for the outbox.
	 */
	async save(input: ReportInput, options: { practice: boolean; municipalities: readonly PublicMunicipality[]; photos?: Blob[] }): Promise<MyReport> {
		const report: MyReport = {
			id: input.id,
			input: $state.snapshot(input) as ReportInput,
			practice: options.practice,
			state: 'saved_on_phone',
			municipality: null,
			refusal: null,
			attempts: 0,
			nextAttemptAt: 0,
			savedAt: isoAt(this.#now()),
			published: null
		};
		if (options.practice) {
			const where =
				input.location.kind === 'point' ? municipalityAt(options.municipalities, input.location.point)?.id : input.location.municipality;
			report.state = where ? 'practice' : 'refused';
			report.municipality = where ?? null;
			report.refusal = where ? null : { code: 'outside_municipalities', message: '' };
		}
		await this.#db.transaction('rw', this.#db.mine, this.#db.photos, async () => {
			await this.#db.mine.put(report);
			if (options.photos) {
				await this.#db.photos.where('reportId').equals(report.id).delete();
				await this.#db.photos.bulkPut(options.photos.map((blob, i) => ({ id: input.photoIds?.[i] ?? `${report.id}-${i}`, reportId: report.id, blob, uploaded: false })));
			}
		});
		await this.load();
		if (!options.practice) void this.flush().catch(() => undefined);
		return report;
	}

	async remove(id: string): Promise<void> {
		await this.#db.transaction('rw', this.#db.mine, this.#db.photos, async () => {
			await this.#db.mine.delete(id);
			await this.#db.photos.where('reportId').equals(id).delete();
		});
		await this.load();
	}

	async photosOf(id: string): Promise<Blob[]> {
		return (await this.#db.photos.where('reportId').equals(id).toArray()).map((p) => p.blob);
	}

	/** Sends every report that is due (every one, forced). Rounds never overlap. */
	flush(options: { force?: boolean } = {}): Promise<void> {
		return this.#outbox.flush(options);
	}

	/** Photos first, then the report; records a receipt or a refusal. */
	async #deliver(report: MyReport): Promise<SendOutcome> {
		const photos = await this.#uploadPhotos(report);
		if (photos === 'retry') return 'retry';
		const result = await this.#send(photos === report.input.photoIds ? report.input : { ...report.input, photoIds: photos });
		if (result.kind === 'received') {
			await this.#db.mine.update(report.id, { state: 'received', published: result.published, municipality: result.municipality, refusal: null });
			return 'sent';
		}
		if (result.kind === 'refused') {
			const code = isRefusalCode(result.code) ? result.code : 'unknown';
			await this.#db.mine.update(report.id, { state: 'refused', refusal: { code, message: result.message } });
			return 'refused';
		}
		return 'retry';
	}

	/**
	 * Uploads the report's photos that are not on the server yet, one by one, remembering each one
	 * that arrived: a cut connection resumes with the next photo. A photo the server refuses is left
	 * out of the report (it stays on the phone). Answers the photo ids to send, or 'retry'.
	 */
	async #uploadPhotos(report: MyReport): Promise<string[] | 'retry'> {
		const ids = report.input.photoIds ?? [];
		if (!ids.length) return ids;
		const stored = await this.#db.photos.where('reportId').equals(report.id).toArray();
		const kept: string[] = [];
		for (const id of ids) {
			const photo = stored.find((p) => p.id === id);
			if (!photo) continue;
			if (!photo.uploaded) {
				const result = await this.#upload(id, photo.blob);
				if (result === 'retry') return 'retry';
				if (result === 'refused') continue;
				await this.#db.photos.update(id, { uploaded: true });
			}
			kept.push(id);
		}
		return kept.length === ids.length ? ids : kept;
	}

	/** Statuses published in the feed (acknowledged, closed) reach the reporter's own list. */
	async applyFeed(reports: readonly PublicReport[]): Promise<void> {
		let changed = false;
		for (const mine of this.mine) {
			const published = reports.find((r) => r.id === mine.id);
			if (!published || mine.practice || mine.state === 'refused' || mine.state === 'saved_on_phone') continue;
			if (mine.state !== published.status || mine.published?.statusAt !== published.statusAt) {
				await this.#db.mine.update(mine.id, { state: published.status, published });
				changed = true;
			}
		}
		if (changed) await this.load();
	}

	/** Loads the device's reports, sends what is due, then when due and at once when the network returns. */
	start(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
		void this.load();
		return this.#outbox.start(target);
	}
}

let shared: ReportsOutbox | undefined;
export async function reportsOutbox(): Promise<ReportsOutbox> {
	const [{ reportsDb }, { ensureSession }] = await Promise.all([import('./db.ts'), import('./session.ts')]);
	return (shared ??= new ReportsOutbox(reportsDb(), { beforeSending: () => ensureSession() }));
}
