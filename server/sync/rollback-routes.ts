import { z } from 'zod';
import type { Principal } from '../auth/principal.ts';
import { endpoint, reply, type Endpoint } from '../http/endpoint.ts';
import { Refusal } from '../http/refusal.ts';

/** A rollback the server will not do; answered by the HTTP layer like every other refusal. */
export class RollbackRefused extends Refusal {}

const rollbackBody = z.object({
	room: z.string().min(3).max(100),
	userId: z.string().min(1).max(64),
	/** Decisions about users are recorded with who made them and why. */
	reason: z.string().trim().min(3).max(250)
});

/** `POST /api/sync/rollback`: an admin removes everything one user wrote in one document (`rollback` checks they are that document's municipality's admin). */
export function rollbackRoutes(ctx: { rollback: (actor: Principal, room: string, userId: string, reason: string) => Promise<number> }): Endpoint[] {
	return [
		endpoint({
			method: 'POST',
			path: '/api/sync/rollback',
			who: 'signed-in',
			body: rollbackBody,
			handle: async ({ body, principal }) => reply(200, { deleted: await ctx.rollback(principal, body.room, body.userId, body.reason) })
		})
	];
}
