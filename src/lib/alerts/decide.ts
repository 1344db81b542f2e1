import type { CategoryGroup } from '$lib/domain/incident.ts';
import type { PublicReport } from '$lib/domain/report.ts';
import type { LngLat } from '$lib/domain/geo.ts';
import { inArea } from './area.ts';

/** Only events reported this recently alert: an alert about last night's robbery helps nobody. */
export const ALERT_WINDOW_HOURS = 2;
/**
 * Only the security group alerts (robbery, accident, commotion …): something that happens now, near
 * you. Neighbourhood problems (a dark streetlight, rubbish) stay in the list and on the map.
 */
export const ALERTING_GROUPS: readonly CategoryGroup[] = ['security'];
/** How long the device remembers which incidents it already alerted (well past the window). */
export const ALERTED_RETENTION_DAYS = 7;
/** Clock skew tolerated between the server's receipt times and the device's clock. */
const SKEW_MS = 5 * 60_000;

/** One alert: an incident, and the report its "See it" opens (the first one received in the area). */
export interface AlertCandidate {
	incidentId: string;
	reportId: string;
	category: string;
	receivedAt: string;
}

export interface AlertContext {
	area: { centre: LngLat; radiusMetres: number };
	/** Incidents this device already alerted. */
	alerted: Iterable<string>;
	/** Reports made on this device: the resident's own events never alert them. */
	mine: Iterable<string>;
	/** Epoch milliseconds. */
	now: number;
}

/**
 * The incidents to alert about now, oldest first: one per incident however many reports it has.
 * An incident alerts when it is open, of an alerting group, has a report in the area received in the
 * last `ALERT_WINDOW_HOURS`, was not alerted before and has no report made on this device. Practice
 * reports never reach the feed, so they never alert.
 */
export function incidentsToAlert(reports: readonly PublicReport[], context: AlertContext): AlertCandidate[] {
	const byIncident = new Map<string, PublicReport[]>();
	for (const report of reports) {
		const list = byIncident.get(report.incidentId);
		if (list) list.push(report);
		else byIncident.set(report.incidentId, [report]);
	}
	const now = context.now;
	const alerted = new Set(context.alerted);
	const mine = new Set(context.mine);
	const since = now - ALERT_WINDOW_HOURS * 3_600_000;
	const out: AlertCandidate[] = [];
	for (const [incidentId, list] of byIncident) {
		if (alerted.has(incidentId)) continue;
		if (list.some((r) => mine.has(r.id))) continue;
		if (list.some((r) => r.status === 'closed')) continue;
		const near = list
			.filter((r) => ALERTING_GROUPS.includes(r.group) && inArea(r.point, context.area))
			.filter((r) => {
				const at = Date.parse(r.receivedAt);
				return at >= since && at <= now + SKEW_MS;
			})
			.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
		const lead = near[0];
		if (lead) out.push({ incidentId, reportId: lead.id, category: lead.category, receivedAt: lead.receivedAt });
	}
	return out.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
}

/** Remembered alerts raised before this (epoch ms) are forgotten. */
export const forgetBefore = (now: number): number => now - ALERTED_RETENTION_DAYS * 24 * 3_600_000;
