import type { Db } from '../db/index.ts';
import { reportsStore } from '../reports/schema.ts';
import type { SyncDocs } from '../sync/docs.ts';
import { forgetInModeration } from '../moderation/account-data.ts';

/**
 * What audit rows say instead of the user id once the account is deleted. The same word for every
 * deleted account: the rows still show that a now-deleted account changed that document at that
 * time (accountability for the document), but they can no longer be tied to one another or to
 * anyone. See docs/data-register.md.
 */
export const DELETED_AUTHOR = 'deleted';

/** The reason the audit log gives for the server's erasing writes. */
export const ERASE_REASON = 'account deleted';

export interface EraseDeps {
	/** Closes the sockets opened with a session that was just deleted. */
	revoke(sessionHash: string): void;
	/** The sync server's stored documents: what the account wrote, erased as the server, and its audit rows. */
	docs: Pick<SyncDocs, 'clientsOf' | 'erase' | 'forgetAuthor'>;
}

/**
 * Deletes a resident's account and personal data (right of erasure). In order, so that a failure
 * part-way leaves an account that can simply be deleted again:
 * 1. sessions are deleted and their sockets closed, so nothing new is written meanwhile;
 * 2. in every document the account wrote to, what it wrote is deleted (messages, notes, the
 *    contact phone and consent of its reports), as a server write that is saved and broadcast;
 * 3. the sync server's audit log forgets the account (a tombstone instead of its id);
 * 4. in one transaction: the reporter is removed from the private half of its reports (with the
 *    device's position, the consent to be called and the phone number; the public report, pin and place stay for the
 *    municipality) and from its panic alerts; the moderation record forgets the text of its
 *    hidden messages and the reasons of its review requests; then the account row goes, and with
 *    it (foreign keys) memberships, the device credential, clientID bindings, emergency links,
 *    invites, backups and its flags; photos, staff decisions, posting limits and reviews lose
 *    their author.
 */
export async function eraseAccount(db: Db, userId: string, deps: EraseDeps): Promise<{ documents: number; items: number }> {
	const sessions = await db.deleteFrom('session').where('user_id', '=', userId).returning('token_hash').execute();
	for (const s of sessions) deps.revoke(s.token_hash);

	const byDoc = await deps.docs.clientsOf(userId);
	let items = 0;
	for (const [room, { clientIds }] of byDoc) items += await deps.docs.erase(room, clientIds, ERASE_REASON);
	await deps.docs.forgetAuthor(userId, DELETED_AUTHOR);

	await db.transaction().execute(async (tx) => {
		await reportsStore(tx)
			.updateTable('report_private')
			.set({ reporter_id: null, device_lng: null, device_lat: null, consent_to_call: 0, phone: null })
			.where('reporter_id', '=', userId)
			.execute();
		await tx.updateTable('panic_alert').set({ reporter_user_id: null }).where('reporter_user_id', '=', userId).execute();
		await forgetInModeration(tx, userId);
		await tx.deleteFrom('user').where('id', '=', userId).execute();
	});
	return { documents: byDoc.size, items };
}
