import Dexie, { type EntityTable } from 'dexie';
import type { AlertArea } from './area.ts';

/** An incident this device alerted about: at most one row per incident, so at most one alert. */
export interface AlertedIncident {
	incidentId: string;
	reportId: string;
	category: string;
	receivedAt: string;
	/** When the device raised the alert (epoch ms, the device's clock). */
	alertedAt: number;
	/** The resident dismissed it (or opened it): it leaves the banner. */
	dismissed: boolean;
}

/**
 * The alerts feature's database on the device (`cuadra-alerts`): the resident's alert area, which
 * never leaves the phone, and the incidents already alerted (kept 7 days).
 */
export class AlertsDb extends Dexie {
	area!: EntityTable<AlertArea & { key: 'area' }, 'key'>;
	alerted!: EntityTable<AlertedIncident, 'incidentId'>;

	constructor(options?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange }) {
		super('cuadra-alerts', options);
		this.version(1).stores({ area: 'key', alerted: 'incidentId, alertedAt' });
	}
}

let shared: AlertsDb | undefined;
/** The app's one connection to `cuadra-alerts`, opened on first use. */
export function alertsDb(): AlertsDb {
	return (shared ??= new AlertsDb());
}
