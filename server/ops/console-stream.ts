import type { Db } from '../db/index.ts';
import type { Events } from '../events/cuadra.ts';
import { EventStreams } from '../http/event-streams.ts';
import type { Logger } from '../log.ts';
import { toQueuePanic } from './panic-actions.ts';
import { loadQueueIncident } from './queue.ts';

/** Every open console's heartbeat: an event the console can watch for, so it knows the stream is alive. */
export const PING_MS = 25_000;

export interface ConsoleStreams {
	/** Opens one console's stream of the municipality's queue, ended when its session is revoked. */
	open: EventStreams['open'];
	close(): void;
}

/**
 * The operators' consoles' live queue (`GET /api/ops/stream`): each open stream, by municipality,
 * gets `event: incident` with the fresh QueueIncident after a report is accepted into it or it
 * changes (`report.accepted`, `incident.changed`), and `event: panic` with the QueuePanic after a
 * panic alert is raised or decided (`panic.raised`, `panic.changed`); `event: ping` every 25 s. A
 * revoked session's stream ends (`session.revoked`). Only that municipality's streams hear of it.
 */
export function createConsoleStreams(deps: { db: Db; events: Events; log: Logger; pingMs?: number }): ConsoleStreams {
	const { db, events, log } = deps;
	const streams = new EventStreams({ heartbeatMs: deps.pingMs ?? PING_MS, heartbeat: 'event: ping\ndata: {}\n\n' });
	/** Reads the incident once for every console of its municipality; nothing when none is open. Never delays the publisher's answer. */
	const sendIncident = (municipalityId: string, incidentId: string) => {
		if (streams.count(municipalityId) === 0) return;
		void loadQueueIncident(db, incidentId).then(
			(incident) => {
				if (incident) streams.sendTo(incident.municipality, 'incident', incident, incident.id);
			},
			(error: unknown) => log.error('the console stream could not read an incident', error)
		);
	};
	const sendPanic = (municipalityId: string | null, alertId: string) => {
		if (!municipalityId || streams.count(municipalityId) === 0) return;
		void db
			.selectFrom('panic_alert')
			.selectAll()
			.where('id', '=', alertId)
			.executeTakeFirst()
			.then(
				(row) => {
					if (row?.municipality_id) streams.sendTo(row.municipality_id, 'panic', toQueuePanic(row), row.id);
				},
				(error: unknown) => log.error('the console stream could not read a panic alert', error)
			);
	};
	const unsubscribe = [
		events.subscribe('report.accepted', ({ report, created }) => {
			if (created) sendIncident(report.municipality, report.incidentId);
		}),
		events.subscribe('incident.changed', ({ municipalityId, incidentId }) => sendIncident(municipalityId, incidentId)),
		events.subscribe('panic.raised', ({ alert }) => {
			if (alert.municipality_id && streams.count(alert.municipality_id) > 0) streams.sendTo(alert.municipality_id, 'panic', toQueuePanic(alert), alert.id);
		}),
		events.subscribe('panic.changed', ({ municipalityId, alertId }) => sendPanic(municipalityId, alertId)),
		events.subscribe('session.revoked', ({ sessionHash }) => void streams.endSession(sessionHash))
	];
	return {
		open: (key, res, sessionHash) => streams.open(key, res, sessionHash),
		close() {
			for (const stop of unsubscribe) stop();
			streams.closeAll();
		}
	};
}
