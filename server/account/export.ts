import type { Db } from '../db/index.ts';
import { reportsStore } from '../reports/schema.ts';
import type { SyncDocs } from '../sync/docs.ts';
import { moderationDataOf } from '../moderation/account-data.ts';
import { docFromUpdates, writtenBy } from './doc-content.ts';

/**
 * Everything the server keeps about one account, for the right of access (`GET /api/account/export`).
 * Secrets are never included, not even hashed: no session token or device secret hashes, no
 * password hash, no invite code hashes. Read-only.
 */
export async function exportAccount(db: Db, docs: Pick<SyncDocs, 'clientsOf' | 'read' | 'auditOf'>, userId: string, now: Date = new Date()) {
	const store = reportsStore(db);
	const user = await db.selectFrom('user').select(['id', 'kind', 'username', 'display_name', 'created_at']).where('id', '=', userId).executeTakeFirstOrThrow();
	const memberships = await db.selectFrom('membership').select(['municipality_id', 'role']).where('user_id', '=', userId).execute();
	const credential = await db.selectFrom('resident_credential').select('created_at').where('user_id', '=', userId).execute();
	const sessions = await db.selectFrom('session').select(['created_at', 'expires_at']).where('user_id', '=', userId).orderBy('created_at').execute();

	const reports = await store
		.selectFrom('report_private')
		.innerJoin('report', 'report.id', 'report_private.report_id')
		.select([
			'report.id',
			'report.municipality_id',
			'report.category',
			'report.description',
			'report.public_place',
			'report.status',
			'report.reported_at',
			'report.received_at',
			'report_private.pin_lat',
			'report_private.pin_lng',
			'report_private.accuracy_metres',
			'report_private.device_lat',
			'report_private.device_lng',
			'report_private.place_text',
			'report_private.consent_to_call',
			'report_private.phone'
		])
		.where('report_private.reporter_id', '=', userId)
		.orderBy('report.received_at')
		.execute();
	const photos = await store.selectFrom('report_photo').select(['id', 'report_id', 'size', 'created_at']).where('uploader_id', '=', userId).execute();
	const decisions = await store
		.selectFrom('incident_event')
		.select(['incident_id', 'type as status', 'public_message as message', 'at as created_at'])
		.where('actor_id', '=', userId)
		.execute();

	const panicAlerts = await db
		.selectFrom('panic_alert')
		.select(['id', 'municipality_id', 'status', 'latitude', 'longitude', 'accuracy_m', 'claimed_at', 'received_at', 'location_deleted_at'])
		.where('reporter_user_id', '=', userId)
		.orderBy('received_at')
		.execute();
	const watching = await db.selectFrom('emergency_link').select(['subject_user_id', 'created_at']).where('watcher_user_id', '=', userId).execute();
	const watchedBy = await db.selectFrom('emergency_link').select(['watcher_user_id', 'created_at']).where('subject_user_id', '=', userId).execute();
	const invites = await db.selectFrom('emergency_invite').select(['created_at', 'expires_at']).where('subject_user_id', '=', userId).execute();
	const backups = await db.selectFrom('emergency_backup').select(['blob', 'updated_at']).where('owner_user_id', '=', userId).execute();

	const documents = [];
	for (const [room, { clientIds, since }] of await docs.clientsOf(userId)) {
		const doc = docFromUpdates((await docs.read(room)).updates);
		try {
			documents.push({ room, clientIds, since, written: writtenBy(doc, clientIds) });
		} finally {
			doc.destroy();
		}
	}
	// Staff: changes to their access, and those they made to others'.
	const staffChanges = await db
		.selectFrom('staff_audit')
		.select(['at', 'action', 'actor_id', 'user_id', 'municipality_id', 'role'])
		.where((eb) => eb.or([eb('user_id', '=', userId), eb('actor_id', '=', userId)]))
		.orderBy('at')
		.execute();
	const audit = await docs.auditOf(userId);
	const moderation = await moderationDataOf(db, userId);

	return {
		format: 'cuadra-account-export/1',
		exportedAt: now.toISOString(),
		account: { id: user.id, kind: user.kind, username: user.username, displayName: user.display_name, createdAt: user.created_at, deviceCredentialCreatedAt: credential[0]?.created_at ?? null },
		memberships: memberships.map((m) => ({ municipalityId: m.municipality_id, role: m.role })),
		sessions: sessions.map((s) => ({ createdAt: s.created_at, expiresAt: s.expires_at })),
		reports: reports.map((r) => ({
			id: r.id,
			municipalityId: r.municipality_id,
			category: r.category,
			description: r.description,
			publicPlace: r.public_place,
			status: r.status,
			reportedAt: r.reported_at,
			receivedAt: r.received_at,
			private: {
				pin: r.pin_lat === null || r.pin_lng === null ? null : { lat: r.pin_lat, lng: r.pin_lng },
				accuracyMetres: r.accuracy_metres,
				devicePosition: r.device_lat === null || r.device_lng === null ? null : { lat: r.device_lat, lng: r.device_lng },
				placeText: r.place_text,
				consentToCall: r.consent_to_call === 1,
				phone: r.phone
			}
		})),
		photos: photos.map((p) => ({ id: p.id, reportId: p.report_id, size: p.size, createdAt: p.created_at })),
		staffChanges: staffChanges.map((c) => ({ at: c.at, action: c.action, byAccountId: c.actor_id, accountId: c.user_id, municipalityId: c.municipality_id, role: c.role })),
		incidentDecisions: decisions.map((d) => ({ incidentId: d.incident_id, status: d.status, message: d.message, at: d.created_at })),
		panicAlerts: panicAlerts.map((a) => ({
			id: a.id,
			municipalityId: a.municipality_id,
			status: a.status,
			location: a.latitude === null || a.longitude === null ? null : { lat: a.latitude, lng: a.longitude, accuracyMetres: a.accuracy_m },
			claimedAt: a.claimed_at,
			receivedAt: a.received_at,
			locationDeletedAt: a.location_deleted_at
		})),
		emergency: {
			watching: watching.map((l) => ({ accountId: l.subject_user_id, since: l.created_at })),
			watchedBy: watchedBy.map((l) => ({ accountId: l.watcher_user_id, since: l.created_at })),
			openInvites: invites.map((i) => ({ createdAt: i.created_at, expiresAt: i.expires_at })),
			// Encrypted on the device; the server has no key. Included because it is the person's own.
			backups: backups.map((b) => ({ ciphertext: b.blob, updatedAt: b.updated_at }))
		},
		moderation,
		documents,
		audit
	};
}

export type AccountExport = Awaited<ReturnType<typeof exportAccount>>;
