import type { IncomingMessage } from 'node:http';
import { panicAlertSchema } from '../../src/lib/emergency/alert.ts';
import type { ApiContext, ApiRoute } from '../http/api.ts';
import { sendError, sendJson } from '../http/respond.ts';
import { BadBody, readSmallJson } from './body.ts';
import type { PanicEvents } from './events.ts';
import { recordPanic } from './repository.ts';
import { WindowLimit } from './window-limit.ts';

export interface EmergencyDeps {
	events: PanicEvents;
	/**
	 * The signed-in user behind the request, established by the server from a session (issue 3).
	 * Until sign-in exists every alert is recorded without a reporter: the device's word is not taken.
	 */
	reporterOf?: (req: IncomingMessage) => Promise<string | null>;
	limit?: WindowLimit;
	now?: () => Date;
}

/** `POST /api/panic`: a resident's panic alert into the municipality's operator queue. */
export function emergencyRoutes(ctx: ApiContext, deps: EmergencyDeps): ApiRoute[] {
	const limit = deps.limit ?? new WindowLimit(30, 10 * 60 * 1000);
	const now = deps.now ?? (() => new Date());
	return [
		{
			method: 'POST',
			path: '/api/panic',
			handler: async (req, res) => {
				let body: unknown;
				try {
					body = await readSmallJson(req);
				} catch (error) {
					if (error instanceof BadBody) return sendError(res, error.status, error.code, error.message);
					throw error;
				}
				const parsed = panicAlertSchema.safeParse(body);
				if (!parsed.success) {
					const issue = parsed.error.issues[0];
					return sendError(res, 400, 'invalid_alert', `The alert is not valid: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim());
				}
				if (!limit.allow(req.socket.remoteAddress ?? 'unknown')) {
					res.setHeader('retry-after', '60');
					return sendError(res, 429, 'too_many_alerts', 'Too many alerts from this connection. The app will try again by itself.');
				}
				const reporter = (await deps.reporterOf?.(req)) ?? null;
				const { row, created } = await recordPanic(ctx.db, parsed.data, { receivedAt: now().toISOString(), reporterUserId: reporter });
				if (created) deps.events.emitAlert(row);
				sendJson(res, created ? 201 : 200, { id: row.id, receivedAt: row.received_at, municipalityId: row.municipality_id });
			}
		}
	];
}
