import * as Y from 'yjs';
import { z } from 'zod';
import { clearedSessionCookie } from '../auth/cookies.ts';
import { allowedOrigin } from '../auth/origin.ts';
import { RateLimiter } from '../auth/rate-limit.ts';
import { BodyError, readJson } from '../auth/read-json.ts';
import type { Auth } from '../auth/routes.ts';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/index.ts';
import type { ApiRoute } from '../http/api.ts';
import { sendError, sendJson } from '../http/respond.ts';
import type { Logger } from '../log.ts';
import { rollbackUpdate } from '../sync/rollback.ts';
import { eraseAccount } from './erase.ts';
import { exportAccount } from './export.ts';

/** The device must say it means it: a plain `DELETE` by accident (or from a stray script) does nothing. */
const deleteBody = z.strictObject({ confirm: z.literal(true) });

type WriteAsServer = (room: string, edit: (doc: Y.Doc) => void, reason: string) => Promise<boolean>;

/**
 * The person's rights over their account: `GET /api/account/export` (access) and
 * `DELETE /api/account` (erasure). See docs/sync-protocol.md §1 and docs/data-register.md.
 */
export function accountRoutes(ctx: { config: Config; db: Db; log: Logger; auth: Auth; writeAsServer: WriteAsServer }): ApiRoute[] {
	const { config, db, log, auth } = ctx;
	const secure = config.publicUrl.startsWith('https:');
	// An export loads every document the person wrote to: a few per hour is plenty.
	const exports = new RateLimiter(6, 6 / 3600);
	const unauthenticated = 'Not signed in, or the session has ended. Sign in again.';

	/** Deletes what `clientIds` wrote in `room`, as the server; resolves to how many items. */
	const eraseInDoc = async (room: string, clientIds: number[]) => {
		let items = 0;
		await ctx.writeAsServer(
			room,
			(doc) => {
				const erase = rollbackUpdate(doc, clientIds);
				if (!erase) return;
				items = erase.items;
				Y.applyUpdate(doc, erase.update);
			},
			'account deleted'
		);
		return items;
	};

	return [
		{
			method: 'GET',
			path: '/api/account/export',
			handler: async (req, res) => {
				const principal = await auth.principalOf(req);
				if (!principal) return sendError(res, 401, 'unauthenticated', unauthenticated);
				const wait = exports.take(principal.userId);
				if (wait) {
					res.setHeader('retry-after', String(wait));
					return sendError(res, 429, 'rate_limited', `Too many exports. Try again in ${wait} seconds.`);
				}
				const data = await exportAccount(db, principal.userId);
				const day = data.exportedAt.slice(0, 10);
				sendJson(res, 200, data, { 'content-disposition': `attachment; filename="cuadra-my-data-${day}.json"` });
			}
		},
		{
			method: 'DELETE',
			path: '/api/account',
			handler: async (req, res) => {
				if (!allowedOrigin(req, config.publicUrl)) return sendError(res, 403, 'cross_origin', 'This request must come from Cuadra itself.');
				const principal = await auth.principalOf(req);
				if (!principal) return sendError(res, 401, 'unauthenticated', unauthenticated);
				let raw: unknown;
				try {
					raw = await readJson(req);
				} catch (error) {
					if (error instanceof BodyError) return sendError(res, error.status, error.code, error.message);
					throw error;
				}
				if (!deleteBody.safeParse(raw).success) return sendError(res, 400, 'confirmation_required', 'Send { "confirm": true } to delete this account. It cannot be undone.');
				// Staff accounts carry a municipality's accountability (decisions, rollbacks): an admin removes them.
				if (principal.kind === 'staff') return sendError(res, 403, 'staff_account', 'Staff accounts are removed by an administrator of the municipality, not by their holder.');
				const result = await eraseAccount(db, principal.userId, { revoke: (hash) => auth.events.revoked(hash), eraseInDoc });
				log.info(`account: a resident account was deleted (${result.items} item(s) in ${result.documents} document(s))`);
				sendJson(res, 200, { deleted: true, ...result }, { 'set-cookie': clearedSessionCookie(secure) });
			}
		}
	];
}
