import { z } from 'zod';
import { lngLatSchema, phoneSchema, reportLocationSchema, REPORT_DESCRIPTION_MAX } from '../domain/report.ts';
import { channelSchema, closeOutcomeSchema, incidentStateSchema, referralSchema, type Channel, type CloseOutcome, type IncidentState, type Referral } from '../domain/lifecycle.ts';

/**
 * The operators' console's API (issue 15, docs/operators.md): what the server answers and what the
 * console sends. Shared by `server/ops/` (which validates every body with these schemas) and
 * `src/lib/ops/` (which reads the answers). Staff only: every endpoint is `who: 'operator'` for the
 * municipality the request names; a resident gets 403, on pages and API alike.
 *
 *   GET  /api/ops/queue?municipality=m           → OpsQueue
 *   GET  /api/ops/stream?municipality=m          → text/event-stream: `incident` (QueueIncident), `panic` (QueuePanic), `ping`
 *   GET  /api/ops/incidents/:id                  → StaffIncident
 *   POST /api/ops/incidents/:id/actions          IncidentAction (src/lib/domain/lifecycle.ts) → StaffIncident; 409 `stale`, 422 `not_allowed`
 *   POST /api/ops/incidents/:id/merge            MergeBody → StaffIncident (the incident merged into)
 *   POST /api/ops/reports/:id/split              SplitBody → StaffIncident (the new incident)
 *   POST /api/ops/reports                        OnBehalfReport → 201 { reportId, incidentId }
 *   GET  /api/ops/panics/:id                     → QueuePanic (one alert, closed ones of any age too)
 *   POST /api/ops/panics/:id/actions             PanicAction → QueuePanic; 409 `stale`, 422 `not_allowed`
 *
 * For residents (not staff):
 *   GET  /api/reports/:id                        → PublicReport (a shared link, on any device with a connection)
 *   POST /api/reports/:id/reopen-request         ReopenRequest → 202 (the reporter of a closed incident; once per closing)
 *   GET  /api/panic/:id/status                   → PanicStatus (the alert's sender)
 *
 * Presence: the sync room `ops:<municipality>` (staff of that municipality only) carries awareness
 * `{ viewing: incidentId | null }`; the server stamps `user` (`{ id, role, name }`, names to staff only).
 */

/** One incident in the queue, as staff see it (exact pin and typed place included). */
export interface QueueIncident {
	id: string;
	municipality: string;
	state: IncidentState;
	version: number;
	group: 'security' | 'neighbourhood';
	/** The first report's category; `categories` lists every report's. */
	category: string;
	categories: string[];
	/**
	 * Categories some of its reports came with although the municipality had hidden them by then (a
	 * draft made offline before the change): the console asks the operator to choose another.
	 */
	retiredCategories: string[];
	description: string;
	/** The typed place (private, staff only), else null. */
	place: string | null;
	/** The first report's exact pin [lng, lat] (staff only), or null for a place typed in words. */
	point: [number, number] | null;
	reportCount: number;
	channels: Channel[];
	openedAt: string;
	updatedAt: string;
	unit: string | null;
	referredTo: Referral | null;
	outcome: CloseOutcome | null;
	mergedInto: string | null;
}

export const panicStatuses = ['open', 'acknowledged', 'dispatched', 'closed'] as const;
export type PanicStatusName = (typeof panicStatuses)[number];

/** One panic alert in the queue: always above every incident. */
export interface QueuePanic {
	id: string;
	municipality: string;
	status: PanicStatusName;
	version: number;
	receivedAt: string;
	claimedAt: string;
	updatedAt: string;
	location: { latitude: number; longitude: number; accuracy: number | null } | null;
	municipalitySource: 'location' | 'home' | null;
	fromSignedInResident: boolean;
	unit: string | null;
}

/**
 * Open incidents, and those closed in the last `closedDays` days; open panic alerts and those closed
 * in the last day. Both lists come in the queue's order (`compareQueueIncidents`,
 * `compareQueuePanics` in ./queue-order.ts: panics above everything, then open incidents, security
 * before neighbourhood, then the oldest first; closed ones last), which the console keeps as the
 * stream's events arrive and before its own filters.
 */
export interface OpsQueue {
	municipality: string;
	serverTime: string;
	closedDays: number;
	incidents: QueueIncident[];
	panics: QueuePanic[];
	/** Every incident of the municipality per state (closed ones included, however old). */
	counts: Record<IncidentState, number>;
}

/** One report of an incident, as its municipality's staff see it. */
export interface StaffReport {
	id: string;
	category: string;
	group: 'security' | 'neighbourhood';
	description: string;
	/** The exact pin [lng, lat]; null for a place typed in words. */
	point: [number, number] | null;
	accuracyMetres: number | null;
	/** What the public sees: a coarse cell's centre for categories that point at a home. */
	publicPoint: [number, number] | null;
	coarse: boolean;
	place: string | null;
	photoIds: string[];
	reportedAt: string;
	receivedAt: string;
	channel: Channel;
	consentToCall: boolean;
	/** Only when the reporter agreed to be called; null otherwise. */
	phone: string | null;
	/** Sent with a category the municipality had hidden by then (see `QueueIncident.retiredCategories`). */
	categoryRetired: boolean;
}

export const staffEventTypes = [
	'received',
	'auto_answer',
	'acknowledged',
	'called',
	'dispatched',
	'referred',
	'message',
	'closed',
	'reopened',
	'merged',
	'merged_in',
	'split',
	'note',
	'reopen_requested',
	'entered'
] as const;
export type StaffEventType = (typeof staffEventTypes)[number];

/** One entry of the staff timeline: who (staff see names), when, why, and what the public read. */
export interface StaffEvent {
	id: string;
	seq: number;
	type: StaffEventType;
	at: string;
	/** Null: the server (automatic answer, a resident's request). */
	actor: { id: string; name: string | null } | null;
	visibility: 'public' | 'staff';
	reason: string | null;
	publicMessage: string | null;
	data: Record<string, unknown> | null;
	reportId: string | null;
}

export interface StaffIncident {
	incident: QueueIncident;
	reports: StaffReport[];
	timeline: StaffEvent[];
	/** Its thread's sync room: `incident:<id>`. */
	room: string;
}

export const mergeBodySchema = z.object({ into: z.string().min(1).max(64), version: z.int().min(1), reason: z.string().trim().min(3).max(500) });
export type MergeBody = z.infer<typeof mergeBodySchema>;
export const splitBodySchema = z.object({ version: z.int().min(1), reason: z.string().trim().min(3).max(500) });
export type SplitBody = z.infer<typeof splitBodySchema>;

/**
 * A report phoned in or brought in person, entered by an operator, or entered by a neighbourhood
 * organisation's account on a resident's behalf (channel `organisation`, which only such an account
 * may send and which it always sends: server/ops/on-behalf-channel.ts). The caller's number is
 * optional and private (`report_private.phone`); a caller who leaves one counts as agreeing to be
 * called back, and `consentToCall: true` without one is refused. The report has no reporter account.
 */
export const onBehalfReportSchema = z.object({
	id: z.uuid(),
	municipality: z.string().min(1).max(64),
	channel: channelSchema.exclude(['app']),
	category: z.string().min(1).max(64),
	description: z.string().trim().max(REPORT_DESCRIPTION_MAX),
	location: reportLocationSchema,
	callerPhone: phoneSchema.optional(),
	consentToCall: z.boolean().default(false)
});
export type OnBehalfReport = z.input<typeof onBehalfReportSchema>;

export const panicActionSchema = z.discriminatedUnion('action', [
	z.object({ action: z.literal('acknowledge'), version: z.int().min(1) }),
	z.object({ action: z.literal('dispatch'), version: z.int().min(1), unit: z.string().trim().min(1).max(100) }),
	z.object({ action: z.literal('close'), version: z.int().min(1), note: z.string().trim().min(3).max(500) })
]);
export type PanicAction = z.infer<typeof panicActionSchema>;

/** What the sender's panic screen shows: never more than happened. */
export interface PanicStatus {
	id: string;
	status: PanicStatusName;
	receivedAt: string;
	acknowledgedAt: string | null;
	dispatchedAt: string | null;
	closedAt: string | null;
}

export const reopenRequestSchema = z.object({ reason: z.string().trim().min(3).max(500) });

export { channelSchema, closeOutcomeSchema, incidentStateSchema, lngLatSchema, referralSchema };

/**
 * `GET /api/ops/channels?municipality=` (admins only): how the municipality's reports reached it,
 * every channel named (0 when none), and per neighbourhood organisation's account the reports it
 * entered. Counts of reports, nothing else.
 */
export interface ChannelCounts {
	channels: Record<Channel, number>;
	organisations: { userId: string; reports: number }[];
}
