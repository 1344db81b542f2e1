import type { Logger } from '../log.ts';
import type { SyncRetention, SyncStore } from './store/sync-store.ts';

export { REFUSED_AUDIT_DAYS, type SyncRetention } from './store/sync-store.ts';

/**
 * One pass of the sync server's retention (`SyncStore.prune`):
 * - the audit log: refused attempts after 90 days, accepted writes after `auditDays`;
 * - clientID bindings older than `bindingDays` whose user has no live session. A resident's
 *   device signs in again whenever the app is used, so "no live session" means the account has not
 *   been used for at least the session lifetime. Losing a binding never lets anyone else write
 *   under that clientID (an unbound clientID that already wrote is refused as the server's); the
 *   owner only loses the right to delete those old entries, and admins the per-user rollback.
 * Bindings of a deleted account go with it (foreign key). Returns what was deleted.
 */
export function runSyncRetention(store: SyncStore, retention: SyncRetention, now: Date = new Date()): Promise<{ audit: number; bindings: number }> {
	return store.prune(retention, now);
}

/** Runs the pass at start and hourly; the timer never keeps the process alive on its own. */
export function startSyncRetention(store: SyncStore, retention: SyncRetention, log: Logger, everyMs = 60 * 60 * 1000): () => void {
	const run = () =>
		runSyncRetention(store, retention).then(
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
