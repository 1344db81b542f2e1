import type { Db } from '../db/index.ts';
import type { Logger } from '../log.ts';

const DAY_MS = 86_400_000;

/** Refused attempts are evidence of abuse for a season, not for a year. */
export const REFUSED_AUDIT_DAYS = 90;

export interface SyncRetention {
	/** Days an accepted write stays in `sync_audit` (CUADRA_SYNC_AUDIT_RETENTION_DAYS). */
	auditDays: number;
	/** Days a clientID binding stays once its user has no live session (CUADRA_SYNC_BINDING_RETENTION_DAYS). */
	bindingDays: number;
}

const before = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();

/**
 * One pass of the sync server's retention:
 * - `sync_audit`: refused attempts after 90 days, accepted writes after `auditDays`;
 * - `sync_client`: bindings older than `bindingDays` whose user has no live session. A resident's
 *   device signs in again whenever the app is used, so "no live session" means the account has not
 *   been used for at least the session lifetime. Losing a binding never lets anyone else write
 *   under that clientID (an unbound clientID that already wrote is refused as the server's); the
 *   owner only loses the right to delete those old entries, and admins the per-user rollback.
 * Bindings of a deleted account go with it (foreign key). Returns what was deleted.
 */
export async function runSyncRetention(db: Db, retention: SyncRetention, now: Date = new Date()): Promise<{ audit: number; bindings: number }> {
	const refused = await db.deleteFrom('sync_audit').where('outcome', '=', 'refused').where('created_at', '<', before(now, REFUSED_AUDIT_DAYS)).executeTakeFirst();
	const accepted = await db.deleteFrom('sync_audit').where('outcome', '=', 'accepted').where('created_at', '<', before(now, retention.auditDays)).executeTakeFirst();
	const bindings = await db
		.deleteFrom('sync_client')
		.where('created_at', '<', before(now, retention.bindingDays))
		.where(({ not, exists, selectFrom }) =>
			not(exists(selectFrom('session').select('session.token_hash').whereRef('session.user_id', '=', 'sync_client.user_id').where('session.expires_at', '>', now.toISOString())))
		)
		.executeTakeFirst();
	return { audit: Number(refused.numDeletedRows) + Number(accepted.numDeletedRows), bindings: Number(bindings.numDeletedRows) };
}

/** Runs the pass at start and hourly; the timer never keeps the process alive on its own. */
export function startSyncRetention(db: Db, retention: SyncRetention, log: Logger, everyMs = 60 * 60 * 1000): () => void {
	const run = () =>
		runSyncRetention(db, retention).then(
			({ audit, bindings }) => {
				if (audit > 0) log.info(`Deleted ${audit} sync audit row(s) past their retention.`);
				if (bindings > 0) log.info(`Deleted ${bindings} clientID binding(s) of users without a session for ${retention.bindingDays} days.`);
			},
			(error: unknown) => log.error('Sync retention job failed', error)
		);
	void run();
	const timer = setInterval(() => void run(), everyMs);
	timer.unref();
	return () => clearInterval(timer);
}
