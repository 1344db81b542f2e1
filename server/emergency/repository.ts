import type { Selectable } from 'kysely';
import type { Db } from '../db/index.ts';
import { municipalityAt } from '../../src/lib/domain/geo.ts';
import type { PanicAlert } from '../../src/lib/emergency/alert.ts';
import { listPublicMunicipalities } from '../municipalities/repository.ts';
import type { PanicAlertTable } from './schema.ts';

export type PanicRow = Selectable<PanicAlertTable>;

export interface RecordedPanic {
	row: PanicRow;
	/** False when this id had already been received (a resend): nothing new was queued. */
	created: boolean;
}

/**
 * Which municipality's queue the alert goes to: the one whose boundary holds the location, worked out
 * here rather than taken from the device; else the resident's chosen home municipality, if it exists.
 */
export async function placeAlert(db: Db, alert: PanicAlert): Promise<{ municipalityId: string | null; source: 'location' | 'home' | null }> {
	const municipalities = await listPublicMunicipalities(db);
	if (alert.location) {
		const found = municipalityAt(municipalities, [alert.location.longitude, alert.location.latitude]);
		if (found) return { municipalityId: found.id, source: 'location' };
	}
	if (alert.homeMunicipalityId && municipalities.some((m) => m.id === alert.homeMunicipalityId)) {
		return { municipalityId: alert.homeMunicipalityId, source: 'home' };
	}
	return { municipalityId: null, source: null };
}

/**
 * Puts a panic alert in its municipality's operator queue at high priority. Idempotent by id: a
 * resend returns the stored row and changes nothing, so a retried request cannot alter an alert.
 */
export async function recordPanic(
	db: Db,
	alert: PanicAlert,
	context: { receivedAt: string; reporterUserId: string | null }
): Promise<RecordedPanic> {
	const existing = await db.selectFrom('panic_alert').selectAll().where('id', '=', alert.id).executeTakeFirst();
	if (existing) return { row: existing, created: false };
	const place = await placeAlert(db, alert);
	const row: PanicRow = {
		id: alert.id,
		municipality_id: place.municipalityId,
		municipality_source: place.source,
		priority: 'high',
		status: 'open',
		latitude: alert.location?.latitude ?? null,
		longitude: alert.location?.longitude ?? null,
		accuracy_m: alert.location?.accuracy ?? null,
		claimed_at: alert.claimedAt,
		received_at: context.receivedAt,
		reporter_user_id: context.reporterUserId,
		location_deleted_at: null,
		version: 1,
		unit: null,
		updated_at: context.receivedAt
	};
	const inserted = await db
		.insertInto('panic_alert')
		.values(row)
		.onConflict((oc) => oc.column('id').doNothing())
		.executeTakeFirst();
	if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
		// Two copies of the same alert arrived at once: the other one won.
		const winner = await db.selectFrom('panic_alert').selectAll().where('id', '=', alert.id).executeTakeFirstOrThrow();
		return { row: winner, created: false };
	}
	return { row, created: true };
}

/** The municipality's panic alerts not yet closed, newest first: what an operator's queue shows on top. */
export async function listOpenPanics(db: Db, municipalityId: string): Promise<PanicRow[]> {
	return db
		.selectFrom('panic_alert')
		.selectAll()
		.where('municipality_id', '=', municipalityId)
		.where('status', '!=', 'closed')
		.orderBy('received_at', 'desc')
		.execute();
}

/**
 * Retention: empties the location (and the link to the person) of every alert received before
 * `before`. The alert itself stays, without personal data, so the municipality can still count them.
 * Returns how many alerts were emptied.
 */
export async function purgePanicLocations(db: Db, before: string, now: string): Promise<number> {
	const result = await db
		.updateTable('panic_alert')
		.set({ latitude: null, longitude: null, accuracy_m: null, reporter_user_id: null, location_deleted_at: now })
		.where('received_at', '<', before)
		.where('location_deleted_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}

/** Alerts these residents sent since `since`, whose location has not been deleted. */
export async function recentAlertsFrom(db: Db, reporters: readonly string[], since: string): Promise<PanicRow[]> {
	if (reporters.length === 0) return [];
	return db
		.selectFrom('panic_alert')
		.selectAll()
		.where('reporter_user_id', 'in', [...reporters])
		.where('status', '!=', 'closed')
		.where('received_at', '>=', since)
		.orderBy('received_at')
		.execute();
}
