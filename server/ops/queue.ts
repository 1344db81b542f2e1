import type { Db } from '../db/index.ts';
import { incidentStates, type IncidentState } from '../../src/lib/domain/lifecycle.ts';
import type { OpsQueue, QueueIncident } from '../../src/lib/ops/contract.ts';
import { compareQueueIncidents, compareQueuePanics } from '../../src/lib/ops/queue-order.ts';
import { reportsStore, type ReportsDb } from '../reports/schema.ts';
import { toQueueIncident, type SummaryReport } from './incident-summary.ts';
import { toQueuePanic } from './panic-actions.ts';

/** Closed incidents stay in the queue this long; closed panic alerts, a day. */
export const QUEUE_CLOSED_DAYS = 7;
export const QUEUE_CLOSED_PANIC_DAYS = 1;
const DAY_MS = 86_400_000;

type Scope = { municipalityId: string; closedSince: string } | { incidentId: string };

/** The incidents in scope with every one of their reports (public and private halves): two queries, whatever their number. */
async function incidentsWithReports(store: ReportsDb, scope: Scope): Promise<QueueIncident[]> {
	let incidents = store.selectFrom('incident').selectAll();
	let reports = store
		.selectFrom('report')
		.innerJoin('report_private', 'report_private.report_id', 'report.id')
		.innerJoin('incident', 'incident.id', 'report.incident_id')
		.select(['report.incident_id', 'report.category', 'report.description', 'report.channel', 'report.received_at', 'report_private.pin_lng', 'report_private.pin_lat', 'report_private.place_text', 'report_private.category_retired']);
	if ('incidentId' in scope) {
		incidents = incidents.where('incident.id', '=', scope.incidentId);
		reports = reports.where('report.incident_id', '=', scope.incidentId);
	} else {
		const { municipalityId, closedSince } = scope;
		incidents = incidents.where('incident.municipality_id', '=', municipalityId).where((eb) => eb.or([eb('incident.state', '!=', 'closed'), eb('incident.closed_at', '>=', closedSince)]));
		reports = reports.where('incident.municipality_id', '=', municipalityId).where((eb) => eb.or([eb('incident.state', '!=', 'closed'), eb('incident.closed_at', '>=', closedSince)]));
	}
	const [rows, reportRows] = await Promise.all([incidents.execute(), reports.execute()]);
	const byIncident = new Map<string, SummaryReport[]>();
	for (const { incident_id, ...report } of reportRows) {
		const list = byIncident.get(incident_id);
		if (list) list.push(report);
		else byIncident.set(incident_id, [report]);
	}
	return rows.map((row) => toQueueIncident(row, byIncident.get(row.id) ?? []));
}

/**
 * `GET /api/ops/queue`: the municipality's open incidents and those closed in the last
 * `QUEUE_CLOSED_DAYS` days, its panic alerts not yet closed and those closed in the last day, each
 * in the queue's order (src/lib/ops/queue-order.ts), and how many incidents are in each state.
 * Four queries in all, however many incidents there are.
 */
export async function loadQueue(db: Db, municipalityId: string, now: Date = new Date()): Promise<OpsQueue> {
	const store = reportsStore(db);
	const closedSince = new Date(now.getTime() - QUEUE_CLOSED_DAYS * DAY_MS).toISOString();
	const panicsClosedSince = new Date(now.getTime() - QUEUE_CLOSED_PANIC_DAYS * DAY_MS).toISOString();
	const [incidents, counted, panics] = await Promise.all([
		incidentsWithReports(store, { municipalityId, closedSince }),
		store.selectFrom('incident').select(['state', (eb) => eb.fn.countAll<number | string>().as('n')]).where('municipality_id', '=', municipalityId).groupBy('state').execute(),
		db
			.selectFrom('panic_alert')
			.selectAll()
			.where('municipality_id', '=', municipalityId)
			.where((eb) => eb.or([eb('status', '!=', 'closed'), eb('updated_at', '>=', panicsClosedSince)]))
			.execute()
	]);
	const counts = Object.fromEntries(incidentStates.map((s) => [s, 0])) as Record<IncidentState, number>;
	for (const { state, n } of counted) if (state in counts) counts[state] = Number(n);
	return {
		municipality: municipalityId,
		serverTime: now.toISOString(),
		closedDays: QUEUE_CLOSED_DAYS,
		incidents: incidents.sort(compareQueueIncidents),
		panics: panics.map(toQueuePanic).sort(compareQueuePanics),
		counts
	};
}

/** One incident as the queue shows it (what the console's stream sends when it changes), or null when there is none. */
export async function loadQueueIncident(db: Db, incidentId: string): Promise<QueueIncident | null> {
	return (await incidentsWithReports(reportsStore(db), { incidentId }))[0] ?? null;
}
