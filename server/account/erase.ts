import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { reportsStore } from '../reports/schema.ts';

/**
 * What audit rows say instead of the user id once the account is deleted. The same word for every
 * deleted account: the rows still show that a now-deleted account changed that document at that
 * time (accountability for the document), but they can no longer be tied to one another or to
 * anyone. See docs/data-register.md.
 */
export const DELETED_AUTHOR = 'deleted';

export interface EraseDeps {
	/** Closes the sockets opened with a session that was just deleted. */
	revoke(sessionHash: string): void;
	/** Deletes every live item written under `clientIds` in `room`; resolves to how many. */
	eraseInDoc(room: string, clientIds: number[]): Promise<number>;
}

/**
 * Deletes a resident's account and personal data (right of erasure). In order, so that a failure
 * part-way leaves an account that can simply be deleted again:
 * 1. sessions are deleted and their sockets closed, so nothing new is written meanwhile;
 * 2. in every document the account wrote to, what it wrote is deleted (messages, notes, the
 *    contact phone and consent of its reports), as a server write that is saved and broadcast;
 * 3. in one transaction: the reporter is removed from the private half of its reports (with the
 *    device's position, the consent to be called and the phone number; the public report, pin and place stay for the
 *    municipality), from its panic alerts, and from audit rows (tombstone); then the account row
 *    goes, and with it (foreign keys) memberships, the device credential, clientID bindings,
 *    emergency links, invites and backups; photos and staff decisions lose their author.
 */
export async function eraseAccount(db: Db, userId: string, deps: EraseDeps): Promise<{ documents: number; items: number }> {
	const sessions = await db.deleteFrom('session').where('user_id', '=', userId).returning('token_hash').execute();
	for (const s of sessions) deps.revoke(s.token_hash);

	const bindings = await db.selectFrom('sync_client').select(['doc', 'client_id']).where('user_id', '=', userId).execute();
	const byDoc = new Map<string, number[]>();
	for (const b of bindings) byDoc.set(b.doc, [...(byDoc.get(b.doc) ?? []), Number(b.client_id)]);
	let items = 0;
	for (const [room, clientIds] of byDoc) items += await deps.eraseInDoc(room, clientIds);

	await db.transaction().execute(async (tx) => {
		await reportsStore(tx)
			.updateTable('report_private')
			.set({ reporter_id: null, device_lng: null, device_lat: null, consent_to_call: 0, phone: null })
			.where('reporter_id', '=', userId)
			.execute();
		await tx.updateTable('panic_alert').set({ reporter_user_id: null }).where('reporter_user_id', '=', userId).execute();
		await tx.updateTable('sync_audit').set({ user_id: DELETED_AUTHOR }).where('user_id', '=', userId).execute();
		// An admin's rollback of this account names it in the reason.
		await tx
			.updateTable('sync_audit')
			.set({ reason: sql<string>`replace(reason, ${userId}, ${DELETED_AUTHOR})` })
			.where('reason', 'like', `%${userId}%`)
			.execute();
		await tx.deleteFrom('user').where('id', '=', userId).execute();
	});
	return { documents: byDoc.size, items };
}
