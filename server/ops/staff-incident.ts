import type { Db } from '../db/index.ts';
import type { StaffEvent, StaffEventType, StaffIncident, StaffReport } from '../../src/lib/ops/contract.ts';
import { reportsStore } from '../reports/schema.ts';
import { toQueueIncident } from './incident-summary.ts';

/**
 * An incident as its municipality's staff see it (`GET /api/ops/incidents/:id`): every report with
 * its exact pin, typed place, photos, channel, and the phone number only of a reporter who agreed
 * to be called; the whole timeline, internal notes included, with the names of the staff who
 * decided. Null when there is no such incident. The caller checked that the reader is its staff.
 */
export async function readStaffIncident(db: Db, incidentId: string): Promise<StaffIncident | null> {
	const store = reportsStore(db);
	const incident = await store.selectFrom('incident').selectAll().where('id', '=', incidentId).executeTakeFirst();
	if (!incident) return null;
	const rows = await store
		.selectFrom('report')
		.leftJoin('report_private', 'report_private.report_id', 'report.id')
		.selectAll('report')
		.select(['report_private.pin_lng', 'report_private.pin_lat', 'report_private.accuracy_metres', 'report_private.place_text', 'report_private.consent_to_call', 'report_private.phone', 'report_private.category_retired'])
		.where('report.incident_id', '=', incidentId)
		.orderBy('report.received_at')
		.execute();
	const events = await store
		.selectFrom('incident_event')
		.leftJoin('user', 'user.id', 'incident_event.actor_id')
		.selectAll('incident_event')
		.select(['user.display_name', 'user.username', 'user.kind'])
		.where('incident_event.incident_id', '=', incidentId)
		.orderBy('incident_event.seq')
		.execute();
	const reports: StaffReport[] = rows.map((r) => ({
		id: r.id,
		category: r.category,
		group: r.category_group,
		description: r.description,
		point: r.pin_lng !== null && r.pin_lat !== null ? [r.pin_lng, r.pin_lat] : null,
		accuracyMetres: r.accuracy_metres,
		publicPoint: r.public_lng !== null && r.public_lat !== null ? [r.public_lng, r.public_lat] : null,
		coarse: r.coarse === 1,
		place: r.place_text ?? r.public_place,
		photoIds: JSON.parse(r.photo_ids) as string[],
		reportedAt: r.reported_at,
		receivedAt: r.received_at,
		channel: r.channel,
		consentToCall: r.consent_to_call === 1,
		phone: r.consent_to_call === 1 ? (r.phone ?? null) : null,
		categoryRetired: r.category_retired === 1
	}));
	const timeline: StaffEvent[] = events.map((e) => ({
		id: e.id,
		seq: e.seq,
		type: e.type as StaffEventType,
		at: e.at,
		// Staff by name; a resident's request (recorded with their id, for their own export) names nobody here.
		actor: e.actor_id && e.kind === 'staff' ? { id: e.actor_id, name: e.display_name ?? e.username ?? null } : null,
		visibility: e.visibility,
		reason: e.reason,
		publicMessage: e.public_message,
		data: e.data ? (JSON.parse(e.data) as Record<string, unknown>) : null,
		reportId: e.report_id
	}));
	return {
		incident: toQueueIncident(incident, rows.map((r) => ({ category: r.category, description: r.description, channel: r.channel, received_at: r.received_at, pin_lng: r.pin_lng, pin_lat: r.pin_lat, place_text: r.place_text, category_retired: r.category_retired ?? 0 }))),
		reports,
		timeline,
		room: `incident:${incidentId}`
	};
}
