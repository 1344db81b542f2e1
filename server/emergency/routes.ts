import type { Events } from '../events/cuadra.ts';
import type { ApiContext } from '../http/api.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { EventStreams } from '../http/event-streams.ts';
import { linkedAlert } from './alert-stream.ts';
import { backupEndpoints } from './backup-routes.ts';
import { linkEndpoints } from './link-routes.ts';
import { panicEndpoints } from './panic-routes.ts';
import { recentAlertsFrom } from './repository.ts';
import { linksOf } from './links.ts';

export interface EmergencyDeps {
	events: Events;
	now?: () => Date;
}

/**
 * `GET /api/emergency/alerts`: a server-sent-event stream of the panic alerts of the people one is
 * a contact of (each `panic.raised`), with those of the last hour, so a contact who opens the app a
 * little later still sees them.
 */
function alertStreamEndpoint(ctx: ApiContext, streams: EventStreams, now: () => Date): Endpoint {
	return endpoint({
		method: 'GET',
		path: '/api/emergency/alerts',
		who: 'signed-in',
		handle: async ({ principal, res }) => {
			streams.open(principal.userId, res, principal.sessionHash);
			// Alerts of the last hour, so a contact who opens the app a little later still sees them;
			// never one from before the link (a contact who links does not at once see an old alert).
			const since = new Date(now().getTime() - 60 * 60 * 1000).toISOString();
			const links = new Map((await linksOf(ctx.db, principal.userId)).map((l) => [l.subject, l.since]));
			for (const row of await recentAlertsFrom(ctx.db, [...links.keys()], since)) {
				const linkedSince = links.get(row.reporter_user_id ?? '');
				if (!linkedSince || row.received_at < linkedSince || row.claimed_at < linkedSince) continue;
				const shared = linkedAlert(row);
				if (shared) streams.send(res, 'panic', shared, shared.id);
			}
		}
	});
}

/**
 * The emergency API: panic alerts and their queue, linked contacts, their alert stream, the contacts
 * backup. `close` ends the open alert streams, so they do not hold the server's shutdown.
 */
export function emergencyEndpoints(ctx: ApiContext, deps: EmergencyDeps): { endpoints: Endpoint[]; close(): void } {
	const now = deps.now ?? (() => new Date());
	// Open streams of the people who are someone's contact, by user; a revoked session's stream ends.
	const streams = new EventStreams();
	const unsubscribe = [
		deps.events.subscribe('panic.raised', ({ alert, watchers }) => {
			const shared = linkedAlert(alert);
			if (shared) streams.sendTo(watchers, 'panic', shared, shared.id);
		}),
		deps.events.subscribe('session.revoked', ({ sessionHash }) => void streams.endSession(sessionHash))
	];
	return {
		endpoints: [...panicEndpoints(ctx, { events: deps.events, now }), ...linkEndpoints(ctx, now), alertStreamEndpoint(ctx, streams, now), ...backupEndpoints(ctx, now)],
		close() {
			for (const stop of unsubscribe) stop();
			streams.closeAll();
		}
	};
}
