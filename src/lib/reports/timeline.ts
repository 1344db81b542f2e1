import { publicEventSchema, type CloseOutcome, type IncidentState, type PublicEvent, type Referral } from '$lib/domain/lifecycle.ts';
import type { PublicReport } from '$lib/domain/report.ts';

/**
 * The public timeline of an incident, as the report's page and its thread show it, read from the
 * `events` the server writes into `incident:<id>` (src/lib/domain/lifecycle.ts `publicEventSchema`).
 * Pure: what to show, in which order, and what the thread's state is; the words come from labels.
 */

/** The events of a thread in the order they happened; malformed or repeated entries are skipped. */
export function readEvents(entries: readonly unknown[]): PublicEvent[] {
	const seen = new Set<string>();
	const out: PublicEvent[] = [];
	for (const entry of entries) {
		const parsed = publicEventSchema.safeParse(entry);
		if (parsed.success && !seen.has(parsed.data.id)) {
			seen.add(parsed.data.id);
			out.push(parsed.data);
		}
	}
	// Stable: events of the same millisecond keep the server's order.
	return out.map((event, i) => ({ event, i })).sort((a, b) => a.event.at - b.event.at || a.i - b.i).map((e) => e.event);
}

/** The state an event leaves the incident in (its own `state` when the server gave one). Null: no change. */
export function stateAfter(event: PublicEvent): IncidentState | null {
	if (event.state) return event.state;
	switch (event.type) {
		case 'received':
			return 'received';
		case 'acknowledged':
			return 'acknowledged';
		case 'dispatched':
			return 'in_progress';
		case 'referred':
			return 'referred';
		case 'closed':
		case 'merged':
			return 'closed';
		case 'reopened':
			return 'acknowledged';
		default:
			return null;
	}
}

export interface Closing {
	text: string;
	outcome: CloseOutcome | null;
	at: number;
}

/** What the thread's events say now: its state, the closing message while closed, where a merge took the conversation. */
export interface ThreadView {
	state: IncidentState | null;
	/** Closed (or merged away): the thread is read-only for residents. */
	closed: boolean;
	/** The closing message pinned on the report while it is closed; null when open or unknown. */
	closing: Closing | null;
	/** The incident the conversation moved to, when this one was merged into it. */
	mergedInto: string | null;
	/** Who handles the incident now, while it is referred. */
	referredTo: Referral | null;
}

export function threadView(events: readonly PublicEvent[]): ThreadView {
	let state: IncidentState | null = null;
	let closing: Closing | null = null;
	let mergedInto: string | null = null;
	let referredTo: Referral | null = null;
	for (const event of events) {
		state = stateAfter(event) ?? state;
		if (event.type === 'closed') closing = { text: event.text ?? '', outcome: event.outcome ?? null, at: event.at };
		if (event.type === 'merged') mergedInto = event.into ?? null;
		if (event.type === 'referred') referredTo = event.referredTo ?? null;
		if (event.type === 'reopened') {
			closing = null;
			mergedInto = null;
		}
	}
	const closed = state === 'closed';
	return { state, closed, closing: closed ? closing : null, mergedInto: closed ? mergedInto : null, referredTo: state === 'referred' ? referredTo : null };
}

/** One line of the timeline. `synthetic`: worked out from the feed, because the thread's events are not on the device yet. */
export type TimelineItem = PublicEvent & { synthetic?: true };

/** Whether the feed's status is newer than the last change the thread's events show (each is pushed separately). */
function feedIsAhead(events: readonly PublicEvent[], report: Pick<PublicReport, 'status' | 'statusAt'>): boolean {
	let last: PublicEvent | undefined;
	for (const event of events) if (stateAfter(event) !== null) last = event;
	if (!last) return report.status !== 'received';
	return Date.parse(report.statusAt) > last.at && stateAfter(last) !== report.status;
}

/**
 * The lines to show: the thread's events, and — before they reached the device (offline, never
 * opened), for a report older than the timeline, or when the feed is ahead — what the feed says:
 * received, and the current status with its time. A `received` line is always first.
 */
export function timelineItems(events: readonly PublicEvent[], report: Pick<PublicReport, 'receivedAt' | 'status' | 'statusAt' | 'closingMessage'>): TimelineItem[] {
	const items: TimelineItem[] = [...events];
	if (!items.some((e) => e.type === 'received')) items.unshift({ id: 'feed-received', author: 'municipality', type: 'received', at: Date.parse(report.receivedAt), synthetic: true });
	if (report.status !== 'received' && feedIsAhead(events, report)) {
		const closingText = report.status === 'closed' && report.closingMessage ? { text: report.closingMessage } : {};
		items.push({ id: `feed-${report.status}`, author: 'municipality', type: feedStatusEvent[report.status], at: Date.parse(report.statusAt), state: report.status, synthetic: true, ...closingText });
	}
	return items;
}

const feedStatusEvent = { acknowledged: 'acknowledged', in_progress: 'dispatched', referred: 'referred', closed: 'closed' } as const;

/** The closing message to pin while the report is closed: the thread's (with its outcome), else the feed's. */
export function pinnedClosing(events: readonly PublicEvent[], report: Pick<PublicReport, 'status' | 'statusAt' | 'closingMessage'>): Closing | null {
	const view = threadView(events);
	if (!feedIsAhead(events, report)) return view.closing?.text ? view.closing : null;
	if (report.status !== 'closed' || !report.closingMessage) return null;
	return { text: report.closingMessage, outcome: null, at: Date.parse(report.statusAt) };
}

/** The state to show: the feed's or the thread's, whichever is newer. */
export function currentState(events: readonly PublicEvent[], report: Pick<PublicReport, 'status' | 'statusAt'>): IncidentState {
	return feedIsAhead(events, report) ? report.status : (threadView(events).state ?? report.status);
}
