import type { PublicReport } from '$lib/domain/report.ts';
import { alertAreaSchema, type AlertArea } from './area.ts';
import type { AlertedIncident, AlertsDb } from './db.ts';
import { ALERT_WINDOW_HOURS, forgetBefore, incidentsToAlert } from './decide.ts';

/**
 * Alerts about events near the resident, decided on their device. The alert area is read and
 * written here only (Dexie), never sent. `consider` is called with the municipality's feed each time
 * it changes; each incident alerts at most once (remembered in Dexie for 7 days, also across tabs).
 */
export class NeighbourAlerts {
	area = $state.raw<AlertArea | null>(null);
	/** Alerts raised and not yet dismissed, oldest first. */
	shown = $state.raw<AlertedIncident[]>([]);
	loaded = $state(false);
	readonly #db: AlertsDb;
	/** Epoch milliseconds (a clock tests can set). */
	readonly #now: () => number;

	constructor(db: AlertsDb, now: () => number = Date.now) {
		this.#db = db;
		this.#now = now;
	}

	async load(): Promise<void> {
		const stored = await this.#db.area.get('area');
		const parsed = stored ? alertAreaSchema.safeParse(stored) : null;
		this.area = parsed?.success ? parsed.data : null;
		await this.#db.alerted.where('alertedAt').below(forgetBefore(this.#now())).delete();
		await this.#readShown();
		this.loaded = true;
	}

	async setArea(area: AlertArea): Promise<void> {
		const valid = alertAreaSchema.parse(area);
		await this.#db.area.put({ ...valid, key: 'area' });
		this.area = valid;
	}

	/** Turns alerts off and forgets the area and what was alerted: nothing about it stays on the phone. */
	async removeArea(): Promise<void> {
		await this.#db.transaction('rw', this.#db.area, this.#db.alerted, async () => {
			await this.#db.area.clear();
			await this.#db.alerted.clear();
		});
		this.area = null;
		this.shown = [];
	}

	/**
	 * Raises the alerts these reports call for and returns the new ones (the caller may also show a
	 * system notification for each). `mine`: ids of reports made on this device.
	 */
	async consider(reports: readonly PublicReport[], mine: readonly string[]): Promise<AlertedIncident[]> {
		const area = this.area;
		if (!area) return [];
		const now = this.#now();
		const raised = await this.#db.transaction('rw', this.#db.alerted, async () => {
			const alerted = (await this.#db.alerted.toCollection().primaryKeys()) as string[];
			const fresh = incidentsToAlert(reports, { area, alerted, mine, now }).map((c): AlertedIncident => ({ ...c, alertedAt: now, dismissed: false }));
			if (fresh.length) await this.#db.alerted.bulkAdd(fresh);
			return fresh;
		});
		if (raised.length) await this.#readShown();
		return raised;
	}

	async dismiss(incidentId: string): Promise<void> {
		await this.#db.alerted.update(incidentId, { dismissed: true });
		this.shown = this.shown.filter((a) => a.incidentId !== incidentId);
	}

	/** Alerts not dismissed that are still recent: shown again after a reload. */
	async #readShown(): Promise<void> {
		const since = this.#now() - ALERT_WINDOW_HOURS * 3_600_000;
		const rows = await this.#db.alerted.where('alertedAt').aboveOrEqual(since).toArray();
		this.shown = rows.filter((r) => !r.dismissed).sort((a, b) => a.alertedAt - b.alertedAt || a.receivedAt.localeCompare(b.receivedAt));
	}
}
