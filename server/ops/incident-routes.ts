import { z } from 'zod';
import type { ApiContext } from '../http/api.ts';
import { endpoint, reply, type Call, type Endpoint, type Limit, type Reply } from '../http/endpoint.ts';
import { perWindow } from '../http/rate-limit.ts';
import { Refusal } from '../http/refusal.ts';
import type { Events } from '../events/cuadra.ts';
import type { ServerWrite } from '../sync/kind.ts';
import type { Principal } from '../auth/principal.ts';
import { incidentActionSchema } from '../../src/lib/domain/lifecycle.ts';
import { mergeBodySchema, reopenRequestSchema, splitBodySchema } from '../../src/lib/ops/contract.ts';
import { reportsStore, type IncidentTable } from '../reports/schema.ts';
import { decide, type LifecycleRefusal } from './lifecycle.ts';
import { mergeIncidents, splitReport } from './merge.ts';
import { requestReopen } from './reopen-request.ts';
import { readStaffIncident } from './staff-incident.ts';
import { copyMessages } from './thread.ts';

export interface IncidentRouteOptions {
	/** `incident.changed` after each decision, merge, split and reopen request has committed. */
	events: Events;
	/** The sync server's write (a merge copies the old thread's messages into the new one). */
	writeAsServer: ServerWrite;
}

const idParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const FORBIDDEN = "Only this municipality's operators and admins see and decide on its incidents.";

/**
 * The incident's lifecycle over HTTP (src/lib/ops/contract.ts): the staff incident page, decisions,
 * merges and splits for operators and admins of the incident's municipality; a reporter's request
 * to reopen. Every decision is recorded (server/ops/lifecycle.ts) before `incident.changed` is
 * published and answered.
 */
export function incidentEndpoints(ctx: ApiContext, options: IncidentRouteOptions): Endpoint[] {
	const { events, writeAsServer } = options;
	const store = reportsStore(ctx.db);
	/** A limit per signed-in user: `count` requests an hour. */
	const perUserHourly = (name: string, count: number, what: string): Limit<{ principal: Principal }> => ({
		rules: [{ rule: perWindow(name, count, 3600), key: (c) => c.principal.userId }],
		message: (s) => `Too many ${what}. Try again in ${s} seconds.`
	});
	/** Generous for a busy desk (a decision every few seconds for an hour); a runaway script is slowed. */
	const decisions = perUserHourly('ops decisions per operator', 1200, 'decisions in a short time');
	const reads = perUserHourly('ops incident reads per operator', 3600, 'requests');
	const reopenRequests = perUserHourly('reopen requests per resident', 10, 'requests');

	/** The municipality of the incident or report `:id` names, for the role check; 404 when there is none. */
	const municipalityOf =
		(table: 'incident' | 'report', noun: string) =>
		async ({ params }: { params: Record<string, string> }) => {
			const id = idParam.safeParse(params.id);
			const row = id.success ? await store.selectFrom(table).select('municipality_id').where('id', '=', id.data).executeTakeFirst() : undefined;
			if (!row) throw new Refusal(404, 'not_found', `No such ${noun}.`);
			return row.municipality_id;
		};
	const municipalityOfIncident = municipalityOf('incident', 'incident');
	const municipalityOfReport = municipalityOf('report', 'report');
	const refuse = (result: LifecycleRefusal): never => {
		throw new Refusal(result.status, result.code, result.message);
	};
	const changed = (incident: IncidentTable, action: string, actorId: string | null) =>
		events.publish('incident.changed', { incidentId: incident.id, municipalityId: incident.municipality_id, action, state: incident.state, version: incident.version, actorId });
	/** A merge or split changed two incidents: both are published; the answer is the one the report(s) went to. */
	const bothChanged = async (result: { from: IncidentTable; into: IncidentTable }, actions: [string, string], actorId: string) => {
		await changed(result.from, actions[0], actorId);
		await changed(result.into, actions[1], actorId);
		return staffView(result.into.id);
	};
	const staffView = async (id: string) => {
		const view = await readStaffIncident(ctx.db, id);
		if (!view) throw new Refusal(404, 'not_found', 'No such incident.');
		return reply(200, view);
	};

	/** A staff decision on one incident or report: operators and admins of its municipality, the body validated, the decisions' limit. */
	const decision = <B extends z.ZodType>(
		path: string,
		body: B,
		municipality: (input: { params: Record<string, string> }) => Promise<string>,
		handle: (call: Call<B, undefined, 'operator'>) => Promise<Reply>
	): Endpoint => endpoint<B, undefined, 'operator'>({ method: 'POST', path, who: 'operator', body, municipality, forbidden: FORBIDDEN, limit: decisions, handle });

	return [
		endpoint({
			method: 'GET',
			path: '/api/ops/incidents/:id',
			who: 'operator',
			municipality: municipalityOfIncident,
			forbidden: FORBIDDEN,
			limit: reads,
			handle: ({ params }) => staffView(params.id as string)
		}),
		decision('/api/ops/incidents/:id/actions', incidentActionSchema, municipalityOfIncident, async ({ params, body, principal }) => {
			const result = await decide(ctx.db, params.id as string, body, principal.userId);
			if (!result.ok) return refuse(result);
			// Awaited: the thread, the feed and the console have it when the operator reads the answer.
			await changed(result.incident, body.action, principal.userId);
			return staffView(result.incident.id);
		}),
		decision('/api/ops/incidents/:id/merge', mergeBodySchema, municipalityOfIncident, async ({ params, body, principal }) => {
			const result = await mergeIncidents(ctx.db, params.id as string, body, principal.userId);
			if (!result.ok) return refuse(result);
			// The conversation moves with its reports: the old thread's messages, then both timelines.
			await copyMessages(writeAsServer, result.from.id, result.into.id);
			return bothChanged(result, ['merged', 'merged_in'], principal.userId);
		}),
		decision('/api/ops/reports/:id/split', splitBodySchema, municipalityOfReport, async ({ params, body, principal }) => {
			const result = await splitReport(ctx.db, params.id as string, body, principal.userId);
			if (!result.ok) return refuse(result);
			return bothChanged(result, ['split', 'split'], principal.userId);
		}),
		endpoint({
			method: 'POST',
			path: '/api/reports/:id/reopen-request',
			who: 'signed-in',
			body: reopenRequestSchema,
			invalid: { body: { code: 'invalid_reason', message: 'Say why, in 3 to 500 characters.' } },
			limit: reopenRequests,
			handle: async ({ params, body, principal }) => {
				const id = idParam.safeParse(params.id);
				if (!id.success) throw new Refusal(404, 'not_found', 'No such report.');
				const result = await requestReopen(ctx.db, id.data, principal.userId, body.reason);
				if (!result.ok) throw new Refusal(result.status, result.code, result.message);
				await events.publish('incident.changed', { incidentId: result.incidentId, municipalityId: result.municipalityId, action: 'reopen_requested', state: result.state, version: result.version, actorId: null });
				return reply(202, { incidentId: result.incidentId, requested: true });
			}
		})
	];
}
