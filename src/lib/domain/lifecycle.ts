import { z } from 'zod';

/**
 * The report's lifecycle (issue 15, docs/operators.md). Decisions are made on an incident (the
 * reports of one event) and apply to all its reports. Pure: shared by the server, which decides,
 * the console, which offers only what is allowed, and the resident's app, which shows it.
 */
export const incidentStates = ['received', 'acknowledged', 'in_progress', 'referred', 'closed'] as const;
export const incidentStateSchema = z.enum(incidentStates);
export type IncidentState = z.infer<typeof incidentStateSchema>;

/** Why an incident was closed. `duplicate` is also what a merge gives the incident merged away. */
export const closeOutcomes = ['resolved', 'nothing_found', 'not_located', 'duplicate', 'referred'] as const;
export const closeOutcomeSchema = z.enum(closeOutcomes);
export type CloseOutcome = z.infer<typeof closeOutcomeSchema>;

/**
 * How a report reached the municipality: the app, a phone call, in person, or a neighbourhood
 * organisation's account reporting on a resident's behalf. Counted in every figure.
 */
export const channels = ['app', 'phone', 'walk_in', 'organisation'] as const;
export const channelSchema = z.enum(channels);
export type Channel = z.infer<typeof channelSchema>;

const publicText = (min: number, max: number) => z.string().trim().min(min).max(max);
/** Who handles an incident after a referral: shown to the public. */
export const referralSchema = z.object({
	name: z.string().trim().min(2).max(120),
	phone: z.string().trim().regex(/^\+?[0-9 ()-]{3,20}$/).optional(),
	url: z.url().max(300).optional()
});
export type Referral = z.infer<typeof referralSchema>;

/**
 * What an operator does to an incident. `version` is the incident's version the operator saw: a
 * decision made on a stale view (another operator decided meanwhile) is refused with 409 `stale`.
 * Public messages are signed by the municipality, never by the operator's name.
 */
export const incidentActionSchema = z.discriminatedUnion('action', [
	/** Posts the municipality's first answer in the thread (the console fills a template, editable). */
	z.object({ action: z.literal('acknowledge'), version: z.int().min(1), message: publicText(3, 1000) }),
	/** Phoned the reporter; whether they were reached. Staff only: nothing public. */
	z.object({ action: z.literal('call'), version: z.int().min(1), reached: z.boolean(), note: z.string().trim().max(1000).optional() }),
	/** Names the unit or team sent. The public reads that help is on its way (and `message`, if any), not the unit. */
	z.object({ action: z.literal('dispatch'), version: z.int().min(1), unit: z.string().trim().min(1).max(100), message: publicText(3, 1000).optional() }),
	/** Hands the incident to another body (default: the one named for its category), telling residents who handles it now. */
	z.object({ action: z.literal('refer'), version: z.int().min(1), to: referralSchema, message: publicText(3, 1000) }),
	/** Closes with an outcome and a closing message, which the public reads pinned on the report. */
	z.object({ action: z.literal('close'), version: z.int().min(1), outcome: closeOutcomeSchema, message: publicText(3, 500) }),
	/** Opens a closed incident again (back to acknowledged), with the reason. */
	z.object({ action: z.literal('reopen'), version: z.int().min(1), reason: publicText(3, 500) }),
	/** A public message in the thread, signed by the municipality. Does not change the state. */
	z.object({ action: z.literal('message'), version: z.int().min(1), message: publicText(1, 1000) }),
	/** An internal note: staff only. Does not change the state, nor the version. */
	z.object({ action: z.literal('note'), version: z.int().min(1), text: publicText(1, 1000) })
]);
export type IncidentAction = z.infer<typeof incidentActionSchema>;
export type IncidentActionName = IncidentAction['action'];

/** The state after `action`, or null when the action is not allowed in `state`. Pure. */
export function nextState(state: IncidentState, action: IncidentActionName): IncidentState | null {
	const open = state !== 'closed';
	switch (action) {
		case 'acknowledge':
			return state === 'received' ? 'acknowledged' : null;
		case 'call':
			return open ? state : null;
		case 'dispatch':
			return open && state !== 'referred' ? 'in_progress' : null;
		case 'refer':
			return open && state !== 'referred' ? 'referred' : null;
		case 'close':
			return open ? 'closed' : null;
		case 'reopen':
			return state === 'closed' ? 'acknowledged' : null;
		case 'message':
			return open ? state : null;
		case 'note':
			return state;
	}
}

/** Whether an action changes the incident's version (notes do not: a note never makes another operator's view stale). */
export const bumpsVersion = (action: IncidentActionName): boolean => action !== 'note';

/** Open incidents: every state but closed. */
export const isOpenState = (state: IncidentState): boolean => state !== 'closed';

/**
 * The public timeline of an incident, as the server writes it into `incident:<id>`'s `events`
 * (server-written only; author is always `municipality`, never a person). The device renders each
 * type in the resident's language; `text` is what the operator wrote, in theirs.
 * - `received`: the first report arrived; `auto_answer`: the automatic first answer (the
 *   municipality's own wording in `answer`, the app's when absent; the service hours in `hours`);
 * - `acknowledged`, `dispatched`, `referred` (`referredTo`), `message`, `closed` (`outcome`, `text`
 *   the closing message), `reopened` (`text` the reason), `merged` (`into`: the incident the
 *   conversation moved to; this thread is read-only), `merged_in` (`from`), `split` (`report`:
 *   the report split out into `into`).
 */
export const publicEventTypes = ['received', 'auto_answer', 'acknowledged', 'dispatched', 'referred', 'message', 'closed', 'reopened', 'merged', 'merged_in', 'split'] as const;
export const publicEventTypeSchema = z.enum(publicEventTypes);
export type PublicEventType = z.infer<typeof publicEventTypeSchema>;
export const MUNICIPALITY_AUTHOR = 'municipality';
const eventId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
export const publicEventSchema = z.strictObject({
	id: eventId,
	author: z.literal(MUNICIPALITY_AUTHOR),
	type: publicEventTypeSchema,
	/** Epoch ms, the server's clock. */
	at: z.number().int().min(0),
	state: incidentStateSchema.optional(),
	text: z.string().max(1000).optional(),
	outcome: closeOutcomeSchema.optional(),
	referredTo: referralSchema.optional(),
	into: eventId.optional(),
	from: eventId.optional(),
	report: eventId.optional(),
	hours: z.string().max(200).optional(),
	/** `auto_answer`: the municipality's own first answer, in the three languages, as configured when it was sent. */
	answer: z.strictObject({ 'es-CL': z.string().min(1).max(500), en: z.string().min(1).max(500), 'pt-BR': z.string().min(1).max(500) }).optional()
});
export type PublicEvent = z.infer<typeof publicEventSchema>;
