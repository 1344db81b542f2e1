import { z } from 'zod';
import { clearedSessionCookie } from '../auth/cookies.ts';
import { revoked } from '../auth/identity.ts';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/index.ts';
import type { Events } from '../events/cuadra.ts';
import { endpoint, reply, type Endpoint } from '../http/endpoint.ts';
import { perWindow } from '../http/rate-limit.ts';
import { Refusal } from '../http/refusal.ts';
import type { Logger } from '../log.ts';
import type { SyncDocs } from '../sync/docs.ts';
import { eraseAccount } from './erase.ts';
import { exportAccount } from './export.ts';

/** The device must say it means it: a plain `DELETE` by accident (or from a stray script) does nothing. */
const deleteBody = z.strictObject({ confirm: z.literal(true) });
/** An export loads every document the person wrote to: a few per hour is plenty. */
const exports = perWindow('account exports per person', 6, 3600);

/**
 * The person's rights over their account: `GET /api/account/export` (access) and
 * `DELETE /api/account` (erasure). See docs/sync-protocol.md §1 and docs/data-register.md.
 */
export function accountEndpoints(ctx: { config: Config; db: Db; log: Logger; events: Events; docs: SyncDocs }): Endpoint[] {
	const { config, db, log, events } = ctx;
	const secure = config.publicUrl.startsWith('https:');

	return [
		endpoint({
			method: 'GET',
			path: '/api/account/export',
			who: 'signed-in',
			limit: { rules: [{ rule: exports, key: (c) => c.principal.userId }], message: (wait) => `Too many exports. Try again in ${wait} seconds.` },
			handle: async ({ principal }) => {
				const data = await exportAccount(db, ctx.docs, principal.userId);
				const day = data.exportedAt.slice(0, 10);
				return reply(200, data, { 'content-disposition': `attachment; filename="cuadra-my-data-${day}.json"` });
			}
		}),
		endpoint({
			method: 'DELETE',
			path: '/api/account',
			who: 'signed-in',
			body: deleteBody,
			invalid: { body: { code: 'confirmation_required', message: 'Send { "confirm": true } to delete this account. It cannot be undone.' } },
			handle: async ({ principal }) => {
				// Staff accounts carry a municipality's accountability (decisions, rollbacks): an admin removes them.
				if (principal.kind === 'staff') throw new Refusal(403, 'staff_account', 'Staff accounts are removed by an administrator of the municipality, not by their holder.');
				const result = await eraseAccount(db, principal.userId, { revoke: (hash) => void revoked(events, [hash]), docs: ctx.docs });
				log.info(`account: a resident account was deleted (${result.items} item(s) in ${result.documents} document(s))`);
				return reply(200, { deleted: true, ...result }, { 'set-cookie': clearedSessionCookie(secure) });
			}
		})
	];
}
