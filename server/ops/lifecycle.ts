import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db/index.ts';
import { bumpsVersion, nextState, type IncidentAction, type IncidentActionName, type IncidentState } from '../../src/lib/domain/lifecycle.ts';
import type { StaffEventType } from '../../src/lib/ops/contract.ts';
import { reportsStore, type IncidentEventTable, type IncidentTable, type ReportsDb } from '../reports/schema.ts';

/**
 * An operator's decision on an incident (issue 15, docs/operators.md "The lifecycle"). Pure of HTTP:
 * who decides (`actorId`, the server's session) and when (`now`, the server's clock) come from the
 * caller, never from the body. One transaction per decision: the incident, every report's public
 * status and the timeline's event change together, or not at all. Publishing `incident.changed`
 * (the thread, the feed, the console) is the caller's, after commit.
 */

export type ReportsTx = Transaction<ReportsDb extends Kysely<infer D> ? D : never>;

export type LifecycleRefusal = { ok: false; status: 404 | 409 | 422; code: 'not_found' | 'stale' | 'not_allowed'; message: string };
export type Decided = { ok: true; incident: IncidentTable; eventId: string; changedState: boolean };

export const refusal = (status: LifecycleRefusal['status'], code: LifecycleRefusal['code'], message: string): LifecycleRefusal => ({ ok: false, status, code, message });

/** The type of the timeline's event each action records. */
const eventType: Record<IncidentActionName, StaffEventType> = {
	acknowledge: 'acknowledged',
	call: 'called',
	dispatch: 'dispatched',
	refer: 'referred',
	close: 'closed',
	reopen: 'reopened',
	message: 'message',
	note: 'note'
};

const stateWords: Record<IncidentState, string> = {
	received: 'received',
	acknowledged: 'acknowledged',
	in_progress: 'in progress',
	referred: 'referred',
	closed: 'closed'
};

/** Why `action` may not be taken in `state`, in words an operator reads. */
export function notAllowedMessage(state: IncidentState, action: IncidentActionName): string {
	if (state === 'closed') return 'This incident is closed: reopen it first.';
	if (action === 'acknowledge') return `This incident was already acknowledged (it is ${stateWords[state]}).`;
	if (action === 'reopen') return 'This incident is not closed: there is nothing to reopen.';
	if (state === 'referred') return 'This incident was referred to another body: it can only be closed now.';
	return `This action is not possible while the incident is ${stateWords[state]}.`;
}

export const staleMessage = (state: IncidentState): string =>
	`Another operator changed this incident meanwhile (it is now ${stateWords[state]}). Look at it again before deciding.`;

export type NewEvent = Omit<IncidentEventTable, 'id' | 'incident_id' | 'seq' | 'data'> & { id?: string; data?: Record<string, unknown> | null };

/** Appends an event to an incident's timeline, inside the caller's transaction: the next `seq`. Returns its id. */
export async function appendEvent(tx: ReportsTx, incidentId: string, event: NewEvent): Promise<string> {
	const last = await tx.selectFrom('incident_event').select((eb) => eb.fn.max('seq').as('seq')).where('incident_id', '=', incidentId).executeTakeFirst();
	const id = event.id ?? randomUUID();
	await tx
		.insertInto('incident_event')
		.values({ ...event, id, incident_id: incidentId, seq: Number(last?.seq ?? 0) + 1, data: event.data ? JSON.stringify(event.data) : null })
		.execute();
	return id;
}

/** Sets every report of the incident to its public status (the incident's state). */
export async function setReportsStatus(tx: ReportsTx, incidentId: string, state: IncidentState, at: string): Promise<void> {
	await tx.updateTable('report').set({ status: state, status_at: at }).where('incident_id', '=', incidentId).execute();
}

/** What the action changes on the incident row besides state, version and time. */
function incidentChanges(action: IncidentAction, at: string): Partial<IncidentTable> {
	switch (action.action) {
		case 'dispatch':
			return { unit: action.unit };
		case 'refer':
			return { referred_to: JSON.stringify(action.to) };
		case 'close':
			return { status: 'closed', closed_at: at, closing_message: action.message, outcome: action.outcome };
		case 'reopen':
			return { status: 'open', closed_at: null, closing_message: null, outcome: null };
		default:
			return {};
	}
}

/** The event an action records: who, why (`reason`, staff only), what the public reads, and the details. */
function eventOf(action: IncidentAction, actorId: string, at: string, state: IncidentState): NewEvent {
	const base = { type: eventType[action.action], actor_id: actorId, at, visibility: 'public' as const, reason: null, public_message: null, report_id: null };
	switch (action.action) {
		case 'acknowledge':
		case 'message':
			return { ...base, public_message: action.message, data: { state } };
		case 'call':
			return { ...base, visibility: 'staff', reason: action.note ?? null, data: { state, reached: action.reached } };
		case 'dispatch':
			// The unit is for staff (in `data`, which the public never reads); the public reads that help is on its way.
			return { ...base, public_message: action.message ?? null, data: { state, unit: action.unit } };
		case 'refer':
			return { ...base, public_message: action.message, data: { state, referredTo: action.to } };
		case 'close':
			return { ...base, public_message: action.message, data: { state, outcome: action.outcome } };
		case 'reopen':
			// The reason is what the public reads of a reopening (src/lib/domain/lifecycle.ts, `reopened`).
			return { ...base, reason: action.reason, public_message: action.reason, data: { state } };
		case 'note':
			return { ...base, visibility: 'staff', reason: action.text, data: null };
	}
}

/**
 * Decides `action` on the incident, as `actorId`, at `now`: refused with 404 when there is no such
 * incident, 409 `stale` when the operator saw another version (notes excepted: a note never
 * conflicts), 422 `not_allowed` when the state does not allow it (src/lib/domain/lifecycle.ts).
 * The version is checked first: what another operator just did explains why an action no longer fits.
 */
export async function decide(db: Db, incidentId: string, action: IncidentAction, actorId: string, now: Date = new Date()): Promise<Decided | LifecycleRefusal> {
	const at = now.toISOString();
	return reportsStore(db)
		.transaction()
		.execute(async (tx) => {
			const incident = await tx.selectFrom('incident').selectAll().where('id', '=', incidentId).executeTakeFirst();
			if (!incident) return refusal(404, 'not_found', 'No such incident.');
			if (incident.merged_into) return refusal(422, 'not_allowed', 'This incident was merged into another: decide on that one.');
			if (action.action !== 'note' && action.version !== incident.version) return refusal(409, 'stale', staleMessage(incident.state));
			const state = nextState(incident.state, action.action);
			if (state === null) return refusal(422, 'not_allowed', notAllowedMessage(incident.state, action.action));
			const changedState = state !== incident.state;
			const changes: Partial<IncidentTable> = {
				...incidentChanges(action, at),
				state,
				version: bumpsVersion(action.action) ? incident.version + 1 : incident.version,
				updated_at: at
			};
			const updated = await tx.updateTable('incident').set(changes).where('id', '=', incidentId).where('version', '=', incident.version).executeTakeFirst();
			// Another process decided between the read and the update (the store's transactions serialise this one; PostgreSQL's may not).
			if (Number(updated.numUpdatedRows) !== 1) return refusal(409, 'stale', staleMessage(incident.state));
			if (changedState) await setReportsStatus(tx, incidentId, state, at);
			const eventId = await appendEvent(tx, incidentId, eventOf(action, actorId, at, state));
			return { ok: true as const, incident: { ...incident, ...changes }, eventId, changedState };
		});
}
