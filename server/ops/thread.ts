import type * as Y from 'yjs';
import type { Db } from '../db/index.ts';
import { MUNICIPALITY_AUTHOR, publicEventSchema, publicEventTypes, type PublicEvent, type PublicEventType } from '../../src/lib/domain/lifecycle.ts';
import type { ServerWrite } from '../sync/kind.ts';
import { reportsStore, type IncidentEventTable } from '../reports/schema.ts';

/**
 * The public half of an incident's timeline, in its thread `incident:<id>` (docs/operators.md,
 * "What each decision tells residents"): each public event recorded in `incident_event` becomes an
 * entry of the `events` root, signed by the municipality; the first answer and the operators'
 * public messages also go into `messages`, with the author `municipality`, so the device shows the
 * municipality's badge. Staff-only events (calls, notes, reopen requests) never reach a document,
 * and neither do reasons, units or who decided.
 */

const isPublicType = (type: string): type is PublicEventType => (publicEventTypes as readonly string[]).includes(type);

/** Events whose public message is also a chat message from the municipality. */
const CHAT_TYPES = new Set<string>(['acknowledged', 'message']);

/** The entry an event gives the thread's `events`, or null for what the public never reads. Pure. */
export function toPublicEvent(row: Pick<IncidentEventTable, 'id' | 'type' | 'at' | 'visibility' | 'public_message' | 'data'>): PublicEvent | null {
	if (row.visibility !== 'public' || !isPublicType(row.type)) return null;
	const data = (row.data ? JSON.parse(row.data) : {}) as Record<string, unknown>;
	const candidate = {
		id: row.id,
		author: MUNICIPALITY_AUTHOR,
		type: row.type,
		at: Date.parse(row.at),
		state: data.state,
		text: row.public_message ?? undefined,
		outcome: data.outcome,
		referredTo: data.referredTo,
		into: data.into,
		from: data.from,
		report: data.report,
		hours: data.hours,
		answer: data.answer
	};
	const parsed = publicEventSchema.safeParse(Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined && v !== null)));
	return parsed.success ? parsed.data : null;
}

/** The chat message an event gives the thread's `messages`, or null. Pure. */
export function toMunicipalityMessage(row: Pick<IncidentEventTable, 'id' | 'type' | 'at' | 'visibility' | 'public_message'>): { id: string; author: string; text: string; at: number } | null {
	if (row.visibility !== 'public' || !CHAT_TYPES.has(row.type) || !row.public_message?.trim()) return null;
	return { id: row.id, author: MUNICIPALITY_AUTHOR, text: row.public_message, at: Date.parse(row.at) };
}

const idsOf = (list: Y.Array<unknown>): Set<string> =>
	new Set(list.toArray().flatMap((e) => (e && typeof e === 'object' && typeof (e as { id?: unknown }).id === 'string' ? [(e as { id: string }).id] : [])));

/**
 * Brings `incident:<id>`'s thread to the store's timeline: appends every public event (and chat
 * message) it does not hold yet, in the timeline's order. Idempotent: entries are keyed by the
 * event's id, so a second run writes nothing. One server write.
 */
export async function publishTimeline(db: Db, write: ServerWrite, incidentId: string): Promise<boolean> {
	const rows = await reportsStore(db)
		.selectFrom('incident_event')
		.select(['id', 'type', 'at', 'visibility', 'public_message', 'data'])
		.where('incident_id', '=', incidentId)
		.where('visibility', '=', 'public')
		.orderBy('seq')
		.execute();
	const events = rows.flatMap((row) => toPublicEvent(row) ?? []);
	const messages = rows.flatMap((row) => toMunicipalityMessage(row) ?? []);
	if (!events.length && !messages.length) return false;
	return write(
		`incident:${incidentId}`,
		(doc) => {
			const eventList = doc.getArray('events');
			const have = idsOf(eventList);
			const missing = events.filter((e) => !have.has(e.id));
			if (missing.length) eventList.push(missing);
			const messageList = doc.getArray('messages');
			const said = idsOf(messageList);
			const unsaid = messages.filter((m) => !said.has(m.id));
			if (unsaid.length) messageList.push(unsaid);
		},
		'the incident’s timeline'
	);
}

/**
 * After a merge: the messages of `from`'s thread are copied into `into`'s (authors, ids and times
 * kept), after what `into` already holds; those it holds already (by id) are not copied twice.
 */
export async function copyMessages(write: ServerWrite, from: string, into: string): Promise<number> {
	let copied: unknown[] = [];
	// A server write that changes nothing reads the thread as the server holds it.
	await write(`incident:${from}`, (doc) => void (copied = doc.getArray('messages').toJSON()), 'read for a merge');
	if (!copied.length) return 0;
	let count = 0;
	await write(
		`incident:${into}`,
		(doc) => {
			const list = doc.getArray('messages');
			const have = idsOf(list);
			const missing = copied.filter((m) => m && typeof m === 'object' && !have.has(String((m as { id?: unknown }).id)));
			count = missing.length;
			if (missing.length) list.push(missing);
		},
		`messages of incident ${from}, merged in`
	);
	return count;
}
