import { z } from 'zod';
import { panicAlertSchema } from '../../src/lib/emergency/alert.ts';
import type { ApiContext } from '../http/api.ts';
import { endpoint, reply, type Endpoint } from '../http/endpoint.ts';
import { perWindow } from '../http/rate-limit.ts';
import { Refusal } from '../http/refusal.ts';
import type { Events } from '../events/cuadra.ts';
import { watchersOf } from './links.ts';
import { listOpenPanics, recordPanic, type PanicRow } from './repository.ts';
import { panicStatusFor } from './panic-status.ts';

/**
 * Alerts per sender: generous on purpose. Many phones share one address behind a carrier's NAT,
 * and a refused alert is retried by the device with backoff, never lost.
 */
const alertsPerSender = perWindow('panic alerts per sender', 30, 600);
const municipalityQuery = z.object({ municipality: z.string().min(1).max(64) });
/** The sender's screen asks every few seconds while an alert is open; a guesser is slowed. */
const statusChecksPerSender = perWindow('panic status checks per sender', 300, 600);

function queued(r: PanicRow) {
	return {
		id: r.id,
		priority: r.priority,
		status: r.status,
		version: r.version,
		unit: r.unit,
		updatedAt: r.updated_at ?? r.received_at,
		claimedAt: r.claimed_at,
		receivedAt: r.received_at,
		municipalitySource: r.municipality_source,
		location: r.latitude !== null && r.longitude !== null ? { latitude: r.latitude, longitude: r.longitude, accuracy: r.accuracy_m } : null,
		fromSignedInResident: r.reporter_user_id !== null
	};
}

/**
 * `POST /api/panic` (an alert into its municipality's operator queue), `GET /api/panic/queue?municipality=…`
 * (that queue, for its staff: alerts not yet closed) and `GET /api/panic/:id/status` (what happened
 * to it, for its sender: PanicStatus).
 */
export function panicEndpoints(ctx: ApiContext, deps: { events: Events; now: () => Date }): Endpoint[] {
	return [
		endpoint({
			method: 'POST',
			path: '/api/panic',
			who: 'anyone',
			body: panicAlertSchema,
			bodyLimit: 4 * 1024,
			invalid: { body: { code: 'invalid_alert', message: (issue) => `The alert is not valid: ${issue.path || 'body'} ${issue.message}`.trim() } },
			// Signed-in residents are limited each on their own, so many phones behind one carrier address are not.
			limit: {
				rules: [{ rule: alertsPerSender, key: (c) => (c.principal ? `user:${c.principal.userId}` : `ip:${c.ip}`) }],
				code: 'too_many_alerts',
				message: () => 'Too many alerts from this connection. The app will try again by itself.',
				retryAfter: 60
			},
			handle: async ({ body, principal }) => {
				// Who sent it comes from the session, never from the body.
				const reporter = principal?.userId ?? null;
				const { row, created } = await recordPanic(ctx.db, body, { receivedAt: deps.now().toISOString(), reporterUserId: reporter });
				// A resend of a signed-in resident's alert gets its receipt only from them: someone else's alert id (or one
				// sent with no session) tells nothing of when it came or where it went, as for any id already taken.
				// An alert sent with no session is nobody's: its resend, with or without one, is answered as before.
				if (!created && row.reporter_user_id !== null && row.reporter_user_id !== reporter) throw new Refusal(409, 'id_taken', 'Another alert already has this id.');
				if (created) await deps.events.publish('panic.raised', { alert: row, watchers: reporter ? await watchersOf(ctx.db, reporter) : [] });
				return reply(created ? 201 : 200, { id: row.id, receivedAt: row.received_at, municipalityId: row.municipality_id });
			}
		}),
		endpoint({
			method: 'GET',
			path: '/api/panic/queue',
			who: 'operator',
			query: municipalityQuery,
			invalid: { query: { code: 'invalid_request', message: 'Say which municipality: ?municipality=<id>.' } },
			municipality: ({ query }) => query.municipality,
			forbidden: "Only this municipality's operators and admins see its panic queue.",
			handle: async ({ query }) => reply(200, { alerts: (await listOpenPanics(ctx.db, query.municipality)).map(queued) })
		}),
		endpoint({
			method: 'GET',
			path: '/api/panic/:id/status',
			who: 'anyone',
			limit: {
				rules: [{ rule: statusChecksPerSender, key: (c) => (c.principal ? `user:${c.principal.userId}` : `ip:${c.ip}`) }],
				message: (s) => `Too many checks. Try again in ${s} seconds.`
			},
			// A signed-in sender's alert is told only to them; one sent with no session, to whoever holds its id.
			handle: async ({ params, principal }) => reply(200, await panicStatusFor(ctx.db, params.id ?? '', principal?.userId ?? null), { 'cache-control': 'no-store' })
		})
	];
}
