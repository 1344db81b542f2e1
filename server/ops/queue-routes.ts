import { z } from 'zod';
import type { Events } from '../events/cuadra.ts';
import type { ApiContext } from '../http/api.ts';
import { endpoint, reply, type Endpoint } from '../http/endpoint.ts';
import { perWindow } from '../http/rate-limit.ts';
import { Refusal } from '../http/refusal.ts';
import { onBehalfReportSchema, panicActionSchema } from '../../src/lib/ops/contract.ts';
import { roleIn } from '../auth/principal.ts';
import { acceptReport } from '../reports/accept.ts';
import { onBehalfChannel } from './on-behalf-channel.ts';
import type { ConsoleStreams } from './console-stream.ts';
import { actOnPanic, panicMunicipalityOrRefuse, panicOrRefuse, toQueuePanic } from './panic-actions.ts';
import { loadQueue } from './queue.ts';
import { channelCounts } from './channel-counts.ts';

const municipalityQuery = z.object({ municipality: z.string().regex(/^[a-z0-9-]{1,64}$/) });
const whichMunicipality = { query: { code: 'invalid_request', message: 'Say which municipality: ?municipality=<id>.' } };
/** An operator (or an organisation's account) enters a report a call or a visit brought: a busy shift is dozens, not hundreds, an hour. */
const enteredPerOperator = perWindow('reports entered per operator', 200, 3600);

/**
 * The operators' console's queue (issue 15, src/lib/ops/contract.ts): the queue, its live stream,
 * reports entered on someone's behalf and decisions on panic alerts. Operators and admins of the
 * municipality the request names only; anyone else gets 403. A neighbourhood organisation's
 * account (role `organisation`) is let in to one of them: entering a report on a resident's behalf.
 * Its admins also read the reports' counts by channel (`GET /api/ops/channels`).
 */
export function opsQueueEndpoints(ctx: ApiContext, deps: { events: Events; streams: ConsoleStreams; now?: () => Date }): Endpoint[] {
	const now = deps.now ?? (() => new Date());
	return [
		endpoint({
			method: 'GET',
			path: '/api/ops/queue',
			who: 'operator',
			query: municipalityQuery,
			invalid: whichMunicipality,
			municipality: ({ query }) => query.municipality,
			forbidden: "Only this municipality's operators and admins see its queue.",
			handle: async ({ query }) => reply(200, await loadQueue(ctx.db, query.municipality, now()), { 'cache-control': 'no-store' })
		}),
		endpoint({
			method: 'GET',
			path: '/api/ops/stream',
			who: 'operator',
			query: municipalityQuery,
			invalid: whichMunicipality,
			municipality: ({ query }) => query.municipality,
			forbidden: "Only this municipality's operators and admins see its queue.",
			handle: ({ query, principal, res }) => deps.streams.open(query.municipality, res, principal.sessionHash)
		}),
		endpoint({
			method: 'GET',
			path: '/api/ops/channels',
			who: 'admin',
			query: municipalityQuery,
			invalid: whichMunicipality,
			municipality: ({ query }) => query.municipality,
			forbidden: "Only this municipality's admins see how its reports arrive.",
			// The admins' Organisations screen: reports by channel, an organisation's by its account.
			handle: async ({ query }) => reply(200, await channelCounts(ctx.db, query.municipality), { 'cache-control': 'no-store' })
		}),
		endpoint({
			method: 'POST',
			path: '/api/ops/reports',
			who: 'on-behalf',
			body: onBehalfReportSchema,
			invalid: { body: { code: 'invalid_report', message: (issue) => `The report is not valid: ${issue.path || 'body'} ${issue.message}`.trim() } },
			municipality: ({ body }) => body.municipality,
			forbidden: "Only this municipality's operators, admins and neighbourhood organisations enter reports for it.",
			limit: { rules: [{ rule: enteredPerOperator, key: (c) => c.principal.userId }], message: (s) => `Too many reports entered. Try again in ${s} seconds.` },
			handle: async ({ body, principal }) => {
				const at = now();
				const channel = onBehalfChannel(roleIn(principal, body.municipality), body.channel);
				// A caller who leaves a number agrees to be called back on it; nobody is called without one.
				const consentToCall = body.consentToCall || body.callerPhone !== undefined;
				const input = {
					id: body.id,
					category: body.category,
					description: body.description,
					location: body.location,
					consentToCall,
					...(body.callerPhone !== undefined ? { phone: body.callerPhone } : {}),
					reportedAt: at.toISOString(),
					photoIds: []
				};
				// No reporter: the report is nobody's account's; who entered it (an operator, an organisation's
				// account) is recorded in the staff timeline only, which is also what an organisation's reports are counted by.
				const result = await acceptReport(ctx.db, null, input, at, { channel, enteredBy: principal.userId, municipality: body.municipality });
				if (!result.ok) throw new Refusal(result.status, result.code, result.message);
				await deps.events.publish('report.accepted', { report: result.receipt.report, created: result.created });
				return reply(result.created ? 201 : 200, { reportId: result.receipt.id, incidentId: result.receipt.incidentId });
			}
		}),
		endpoint({
			method: 'GET',
			path: '/api/ops/panics/:id',
			who: 'operator',
			municipality: ({ params }) => panicMunicipalityOrRefuse(ctx.db, params.id ?? ''),
			forbidden: "Only this municipality's operators and admins see its panic alerts.",
			handle: async ({ params }) => reply(200, toQueuePanic(await panicOrRefuse(ctx.db, params.id ?? '')), { 'cache-control': 'no-store' })
		}),
		endpoint({
			method: 'POST',
			path: '/api/ops/panics/:id/actions',
			who: 'operator',
			body: panicActionSchema,
			invalid: { body: { code: 'invalid_action', message: 'Say the action (acknowledge, dispatch with a unit, close with a note of 3 to 500 characters) and the version you saw.' } },
			municipality: ({ params }) => panicMunicipalityOrRefuse(ctx.db, params.id ?? ''),
			forbidden: "Only this municipality's operators and admins act on its panic alerts.",
			handle: async ({ params, body, principal }) => {
				const row = await actOnPanic(ctx.db, params.id ?? '', body, principal.userId, now());
				await deps.events.publish('panic.changed', { alertId: row.id, municipalityId: row.municipality_id ?? '', status: row.status, version: row.version, actorId: principal.userId });
				return reply(200, toQueuePanic(row));
			}
		})
	];
}
