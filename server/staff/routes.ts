import { revoked } from '../auth/identity.ts';
import type { Db } from '../db/index.ts';
import type { Events } from '../events/cuadra.ts';
import { endpoint, reply, type Endpoint } from '../http/endpoint.ts';
import type { Logger } from '../log.ts';
import type { StaffMember } from '../../src/lib/domain/staff.ts';
import { staffLog } from './audit.ts';
import { confirmSchema, municipalityIdSchema, newStaffSchema } from './schema.ts';
import { z } from 'zod';
import { addStaff, listStaff, removeStaff, resetStaffPassword, type StaffAccount } from './store.ts';

/** One person as an admin of `municipalityId` sees them: their role there, no hash. */
function member(account: StaffAccount, municipalityId: string): StaffMember {
	const role = account.memberships.find((m) => m.municipalityId === municipalityId)?.role ?? null;
	return { id: account.id, username: account.username, displayName: account.displayName, role, createdAt: account.createdAt, lastSignInAt: account.lastSignInAt };
}

const municipalityQuery = z.object({ municipality: municipalityIdSchema });
/** What every staff endpoint shares: an admin, of the municipality `?municipality=` names unless said otherwise. */
const administered = {
	who: 'admin',
	query: municipalityQuery,
	invalid: { query: { code: 'invalid_request', message: 'Say which municipality: ?municipality=<id>.' } },
	municipality: ({ query }: { query: z.output<typeof municipalityQuery> }) => query.municipality,
	forbidden: (municipalityId: string | null) => (municipalityId ? `Only an admin of ${municipalityId} manages its staff.` : "Only a municipality's admins manage its staff.")
} as const;
const confirmRemoval = { code: 'confirmation_required', message: "Send { \"confirm\": true } to remove this person's role." };
const confirmReset = { code: 'confirmation_required', message: 'Send { "confirm": true } to reset this password: the current one stops working.' };

/**
 * An admin manages the staff of their municipality: `GET|POST /api/staff`, `GET /api/staff/log`,
 * `DELETE /api/staff/:userId?municipality=…`, `POST /api/staff/:userId/password`.
 * The server operator does the same from `npm run staff` (server/staff/cli.ts). Refusals of the
 * store (`StaffRefused`) are answered by the HTTP layer with their status.
 */
export function staffEndpoints(ctx: { db: Db; log: Logger; events: Events }): Endpoint[] {
	const { db, log, events } = ctx;
	return [
		endpoint({
			method: 'GET',
			path: '/api/staff',
			...administered,
			handle: async ({ query }) => reply(200, { staff: (await listStaff(db, query.municipality)).map((a) => member(a, query.municipality)) })
		}),
		endpoint({
			method: 'GET',
			path: '/api/staff/log',
			...administered,
			handle: async ({ query }) => reply(200, { changes: await staffLog(db, { municipalityId: query.municipality }) })
		}),
		endpoint({
			method: 'POST',
			path: '/api/staff',
			who: 'admin',
			body: newStaffSchema,
			municipality: ({ body }) => body.municipalityId,
			forbidden: administered.forbidden,
			handle: async ({ body, principal }) => {
				const { account, password } = await addStaff(db, body, { actor: principal.userId });
				log.info(`staff: an admin of ${body.municipalityId} added an ${body.role}`);
				await events.publish('staff.changed', { userId: account.id, change: 'added', municipalityId: body.municipalityId });
				return reply(201, { member: member(account, body.municipalityId), password });
			}
		}),
		endpoint({
			method: 'DELETE',
			path: '/api/staff/:userId',
			...administered,
			body: confirmSchema,
			invalid: { ...administered.invalid, body: confirmRemoval },
			handle: async ({ query, params, principal }) => {
				const municipalityId = query.municipality;
				const change = await removeStaff(db, { id: params.userId ?? '' }, { municipalityId, actor: principal.userId });
				// Their sockets close now (4401): a role they no longer have must not keep writing.
				await revoked(events, change.sessionHashes);
				await events.publish('staff.changed', { userId: change.userId, change: 'removed', municipalityId });
				log.info(`staff: an admin of ${municipalityId} removed an ${change.removed[0]?.role ?? 'account'}${change.accountClosed ? ' (no staff role left: sign-in closed)' : ''}`);
				return reply(200, { removed: { userId: change.userId, ...change.removed[0] }, accountClosed: change.accountClosed, sessionsEnded: change.sessionHashes.length });
			}
		}),
		endpoint({
			method: 'POST',
			path: '/api/staff/:userId/password',
			who: 'admin',
			forbidden: administered.forbidden,
			body: confirmSchema,
			invalid: { body: confirmReset },
			handle: async ({ params, principal }) => {
				const change = await resetStaffPassword(db, { id: params.userId ?? '' }, { actor: principal.userId });
				await revoked(events, change.sessionHashes);
				await events.publish('staff.changed', { userId: change.userId, change: 'password_reset', municipalityId: null });
				log.info('staff: an admin reset a staff password');
				return reply(200, { userId: change.userId, password: change.password, sessionsEnded: change.sessionHashes.length });
			}
		})
	];
}
