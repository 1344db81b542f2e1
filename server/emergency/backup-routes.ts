import { z } from 'zod';
import type { ApiContext } from '../http/api.ts';
import { endpoint, reply, type Endpoint } from '../http/endpoint.ts';
import { perWindow } from '../http/rate-limit.ts';
import { Refusal } from '../http/refusal.ts';
import { backupBodySchema, backupIdSchema, deleteBackup, readBackup, saveBackup } from './backup.ts';

const backupReads = perWindow('contact backup reads per person', 20, 600);
const idQuery = z.object({ id: backupIdSchema });
const whichBackup = { code: 'invalid_request', message: 'Say which backup: ?id=<id>.' };

/** The optional contacts backup, encrypted on the device: `PUT|GET|DELETE /api/emergency/backup`. */
export function backupEndpoints(ctx: ApiContext, now: () => Date): Endpoint[] {
	return [
		endpoint({
			method: 'PUT',
			path: '/api/emergency/backup',
			who: 'signed-in',
			body: backupBodySchema,
			bodyLimit: 12 * 1024,
			invalid: { body: { code: 'invalid_backup', message: (issue) => `The backup is not valid: ${issue.path}` } },
			handle: async ({ body, principal }) => {
				const saved = await saveBackup(ctx.db, principal.userId, body.id, body.blob, now().toISOString());
				if (saved === 'taken') throw new Refusal(409, 'backup_taken', 'Another account owns this backup. Make a new recovery code.');
				return reply(204);
			}
		}),
		endpoint({
			method: 'GET',
			path: '/api/emergency/backup',
			who: 'signed-in',
			query: idQuery,
			invalid: { query: whichBackup },
			limit: { rules: [{ rule: backupReads, key: (c) => c.principal.userId }], message: () => 'Too many tries. Wait ten minutes and try again.', retryAfter: 600 },
			handle: async ({ query }) => {
				const backup = await readBackup(ctx.db, query.id);
				if (!backup) throw new Refusal(404, 'not_found', 'There is no backup for this recovery code.');
				return reply(200, backup);
			}
		}),
		endpoint({
			method: 'DELETE',
			path: '/api/emergency/backup',
			who: 'signed-in',
			query: idQuery,
			invalid: { query: whichBackup },
			handle: async ({ query, principal }) => {
				if (!(await deleteBackup(ctx.db, principal.userId, query.id))) throw new Refusal(404, 'not_found', 'There is no backup of yours with this id.');
				return reply(204);
			}
		})
	];
}
