import { z } from 'zod';
import type { Auth } from '../auth/routes.ts';
import type { Principal } from '../auth/principal.ts';
import { allowedOrigin } from '../auth/origin.ts';
import { BodyError, readJson } from '../auth/read-json.ts';
import type { Config } from '../config/index.ts';
import type { ApiRoute } from '../http/api.ts';
import { sendError, sendJson } from '../http/respond.ts';

export class RollbackRefused extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super(message);
	}
}

const rollbackBody = z.object({
	room: z.string().min(3).max(100),
	userId: z.string().min(1).max(64),
	/** Decisions about users are recorded with who made them and why. */
	reason: z.string().trim().min(3).max(250)
});

/** `POST /api/sync/rollback`: an admin removes everything one user wrote in one document. */
export function rollbackRoutes(ctx: {
	config: Config;
	auth: Auth;
	rollback: (actor: Principal, room: string, userId: string, reason: string) => Promise<number>;
}): ApiRoute[] {
	return [
		{
			method: 'POST',
			path: '/api/sync/rollback',
			handler: async (req, res) => {
				if (!allowedOrigin(req, ctx.config.publicUrl)) return sendError(res, 403, 'cross_origin', 'This request must come from Cuadra itself.');
				const actor = await ctx.auth.principalOf(req);
				if (!actor) return sendError(res, 401, 'unauthenticated', 'Sign in as an admin first.');
				let raw: unknown;
				try {
					raw = await readJson(req);
				} catch (error) {
					if (error instanceof BodyError) return sendError(res, error.status, error.code, error.message);
					throw error;
				}
				const input = rollbackBody.safeParse(raw);
				if (!input.success) {
					const issue = input.error.issues[0];
					return sendError(res, 400, 'invalid_request', `${issue?.path.join('.') || 'body'} ${issue?.message ?? 'is invalid'}`);
				}
				try {
					const deleted = await ctx.rollback(actor, input.data.room, input.data.userId, input.data.reason);
					sendJson(res, 200, { deleted });
				} catch (error) {
					if (error instanceof RollbackRefused) return sendError(res, error.status, error.code, error.message);
					throw error;
				}
			}
		}
	];
}
