import type { ApiContext } from '../http/api.ts';
import { endpoint, type Endpoint } from '../http/endpoint.ts';
import { AlertStreams, linkedAlert } from './alert-stream.ts';
import { backupEndpoints } from './backup-routes.ts';
import type { PanicEvents } from './events.ts';
import { linkEndpoints } from './link-routes.ts';
import { panicEndpoints } from './panic-routes.ts';
import { recentAlertsFrom } from './repository.ts';
import { subjectsOf } from './links.ts';

export interface EmergencyDeps {
	events: PanicEvents;
	now?: () => Date;
}

/**
 * `GET /api/emergency/alerts`: a server-sent-event stream of the panic alerts of the people one is
 * a contact of, with those of the last hour, so a contact who opens the app a little later still sees them.
 */
function alertStreamEndpoint(ctx: ApiContext, events: PanicEvents, now: () => Date): Endpoint {
	const streams = new AlertStreams();
	events.onClose(() => streams.closeAll());
	events.onAlert(({ alert, watchers }) => {
		const shared = linkedAlert(alert);
		if (shared) streams.sendTo(watchers, shared);
	});
	return endpoint({
		method: 'GET',
		path: '/api/emergency/alerts',
		who: 'signed-in',
		handle: async ({ principal, res }) => {
			streams.open(principal.userId, res);
			const since = new Date(now().getTime() - 60 * 60 * 1000).toISOString();
			for (const row of await recentAlertsFrom(ctx.db, await subjectsOf(ctx.db, principal.userId), since)) {
				const shared = linkedAlert(row);
				if (shared) streams.send(res, shared);
			}
		}
	});
}

/** The emergency API: panic alerts and their queue, linked contacts, their alert stream, the contacts backup. */
export function emergencyEndpoints(ctx: ApiContext, deps: EmergencyDeps): Endpoint[] {
	const now = deps.now ?? (() => new Date());
	return [...panicEndpoints(ctx, { events: deps.events, now }), ...linkEndpoints(ctx, now), alertStreamEndpoint(ctx, deps.events, now), ...backupEndpoints(ctx, now)];
}
