import { z } from 'zod';
import type { ApiContext } from '../http/api.ts';
import { endpoint, reply, type Endpoint, type Limit } from '../http/endpoint.ts';
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
	/** Generous for a busy desk (a decision every few seconds for an hour); a runaway script is slowed. */
	const decisions: Limit<{ principal: Principal }> = {
		rules: [{ rule: perWindow('ops decisions per operator', 1200, 3600), key: (c) => c.principal.userId }],
		message: (s) => `Too many decisions in a short time. Try again in ${s} seconds.`
	};
	const reads: Limit<{ principal: Principal }> = {
		rules: [{ rule: perWindow('ops incident reads per operator', 3600, 3600), key: (c) => c.principal.userId }],
		message: (s) => `Too many requests. Try again in ${s} seconds.`
	};
	const reopenRequests: Limit<{ principal: Principal }> = {
		rules: [{ rule: perWindow('reopen requests per resident', 10, 3600), key: (c) => c.principal.userId }],
		message: (s) => `Too many requests. Try again in ${s} seconds.`
	};

	const municipalityOfIncident = async ({ params }: { params: Record<string, string> }) => {
		const id = idParam.safeParse(params.id);
		const row = id.success ? await store.selectFrom('incident').select('municipality_id').where('id', '=', id.data).executeTakeFirst() : undefined;
		if (!row) throw new Refusal(404, 'not_found', 'No such incident.');
		return row.municipality_id;
	};
	const municipalityOfReport = async ({ params }: { params: Record<string, string> }) => {
		const id = idParam.safeParse(params.id);
		const row = id.success ? await store.selectFrom('report').select('municipality_id').where('id', '=', id.data).executeTakeFirst() : undefined;
		if (!row) throw new Refusal(404, 'not_found', 'No such report.');
		return row.municipality_id;
	};
	const refuse = (result: LifecycleRefusal): never => {
		throw new Refusal(result.status, result.code, result.message);
	};
	const changed = (incident: IncidentTable, action: string, actorId: string | null) =>
		events.publish('incident.changed', { incidentId: incident.id, municipalityId: incident.municipality_id, action, state: incident.state, version: incident.version, actorId });
	const staffView = async (id: string) => {
		const view = await readStaffIncident(ctx.db, id);
		if (!view) throw new Refusal(404, 'not_found', 'No such incident.');
		return reply(200, view);
	};

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
		endpoint({
			method: 'POST',
			path: '/api/ops/incidents/:id/actions',
			who: 'operator',
			body: incidentActionSchema,
			municipality: municipalityOfIncident,
			forbidden: FORBIDDEN,
			limit: decisions,
			handle: async ({ params, body, principal }) => {
				const result = await decide(ctx.db, params.id as string, body, principal.userId);
				if (!result.ok) return refuse(result);
				// Awaited: the thread, the feed and the console have it when the operator reads the answer.
				await changed(result.incident, body.action, principal.userId);
				return staffView(result.incident.id);
			}
		}),
		endpoint({
			method: 'POST',
			path: '/api/ops/incidents/:id/merge',
			who: 'operator',
			body: mergeBodySchema,
			municipality: municipalityOfIncident,
			forbidden: FORBIDDEN,
			limit: decisions,
			handle: async ({ params, body, principal }) => {
				const result = await mergeIncidents(ctx.db, params.id as string, body, principal.userId);
				if (!result.ok) return refuse(result);
				// The conversation moves with its reports: the old thread's messages, then both timelines.
				await copyMessages(writeAsServer, result.from.id, result.into.id);
				await changed(result.from, 'merged', principal.userId);
				await changed(result.into, 'merged_in', principal.userId);
				return staffView(result.into.id);
			}
		}),
		endpoint({
			method: 'POST',
			path: '/api/ops/reports/:id/split',
			who: 'operator',
			body: splitBodySchema,
			municipality: municipalityOfReport,
			forbidden: FORBIDDEN,
			limit: decisions,
			handle: async ({ params, body, principal }) => {
				const result = await splitReport(ctx.db, params.id as string, body, principal.userId);
				if (!result.ok) return refuse(result);
				await changed(result.from, 'split', principal.userId);
				await changed(result.into, 'split', principal.userId);
				return staffView(result.into.id);
			}
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
