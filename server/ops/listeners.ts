import type { Db } from '../db/index.ts';
import type { Events } from '../events/cuadra.ts';
import type { Logger } from '../log.ts';
import type { ServerWrite } from '../sync/kind.ts';
import { recordArrival } from './arrival.ts';
import { publishTimeline } from './thread.ts';
import { reportsStore } from '../reports/schema.ts';

/**
 * What follows a change of an incident, after commit (server/app.ts wires it):
 * - `incident.changed`: its thread gets the public timeline (server/ops/thread.ts), and the sync
 *   server reads its facts again (a closed thread becomes read-only for residents, also on sockets
 *   already open: every update is judged against the refreshed facts);
 * - `report.accepted` (created): the arrival and, for a new incident, the automatic first answer
 *   are recorded (server/ops/arrival.ts), then published as `incident.changed` (actor: the server).
 * The feed (server/reports/feed-doc.ts) listens to `incident.changed` itself.
 */
export function subscribeLifecycle(deps: { db: Db; events: Events; write: ServerWrite; refreshFacts(room: string): Promise<void>; log: Logger }): () => void {
	const { db, events, write, refreshFacts, log } = deps;
	const offChanged = events.subscribe('incident.changed', async ({ incidentId }) => {
		await refreshFacts(`incident:${incidentId}`);
		try {
			await publishTimeline(db, write, incidentId);
		} catch (error) {
			log.error(`ops: could not write the timeline of incident ${incidentId} into its thread`, error);
		}
	});
	const offAccepted = events.subscribe('report.accepted', async ({ report, created }) => {
		if (!created) return;
		const arrival = await recordArrival(db, report.id);
		if (!arrival?.recorded) return;
		const incident = await reportsStore(db).selectFrom('incident').select(['state', 'version']).where('id', '=', arrival.incidentId).executeTakeFirst();
		if (!incident) return;
		await events.publish('incident.changed', { incidentId: arrival.incidentId, municipalityId: arrival.municipalityId, action: 'received', state: incident.state, version: incident.version, actorId: null });
	});
	return () => {
		offChanged();
		offAccepted();
	};
}
