import type { PublicReport } from '$lib/domain/report.ts';
import { reportsDb, type ReportsDb } from './db.ts';
import { changesSince, lookAt, type Change, type LastLook } from './last-look.ts';

/**
 * What the resident last saw of each report (`cuadra-reports.looks`, only on the device), for
 * "what changed since the last look" in My reports and the followed reports. Components read
 * `changes`; a report's page calls `remember` as it shows the report.
 */
export class LooksState {
	/** The looks read so far, by report id; replaced whole. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole, never changed in place
	#looks = $state.raw<ReadonlyMap<string, LastLook>>(new Map());
	/** Reports whose look has been read (or found missing): until then nothing is said to have changed. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole, never changed in place
	#read = $state.raw<ReadonlySet<string>>(new Set());
	readonly #db: ReportsDb;
	readonly #now: () => Date;
	/** Reads started (not state: only guards against reading twice). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- not state
	readonly #reading = new Set<string>();

	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a moment read once, not state
	constructor(db: ReportsDb, now: () => Date = () => new Date()) {
		this.#db = db;
		this.#now = now;
	}

	/** What changed in `report` since the resident last looked at it; nothing until the look is read (it is read on first ask). */
	changes(report: PublicReport): Change[] {
		if (!this.#read.has(report.id)) {
			void this.#load(report.id);
			return [];
		}
		return changesSince(this.#looks.get(report.id), report);
	}

	/** The resident sees `report` as it is now. */
	async remember(report: Pick<PublicReport, 'id' | 'status' | 'statusAt' | 'closingMessage'>): Promise<void> {
		const look = lookAt(report, this.#now());
		this.#set(look.id, look);
		await this.#db.looks.put(look).catch(() => undefined);
	}

	async #load(id: string): Promise<void> {
		if (this.#reading.has(id)) return;
		this.#reading.add(id);
		const look = await this.#db.looks.get(id).catch(() => undefined);
		// A look remembered meanwhile is newer than the one read.
		if (!this.#read.has(id)) this.#set(id, look);
	}

	#set(id: string, look: LastLook | undefined): void {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole, never changed in place
		const looks = new Map(this.#looks);
		if (look) looks.set(id, look);
		else looks.delete(id);
		this.#looks = looks;
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole, never changed in place
		this.#read = new Set([...this.#read, id]);
	}
}

let shared: LooksState | undefined;
/** The device's one record of last looks. */
export function looksState(): LooksState {
	return (shared ??= new LooksState(reportsDb()));
}
