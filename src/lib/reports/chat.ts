import { z } from 'zod';
import type * as Y from 'yjs';
import { hiddenEntrySchema, type HiddenEntry } from '$lib/domain/moderation.ts';

/**
 * The roots of a `report:<id>` document, as the sync client needs them. `moderation` is written
 * only by the server: the messages it hid (moderation.ts, `HiddenEntry`), read for placeholders.
 */
export const reportRoots = { meta: 'map', messages: 'array', events: 'array', moderation: 'map' } as const;
/** The roots of an `incident:<id>` document: the one thread of every report of the incident. */
export const incidentRoots = { messages: 'array', events: 'array', moderation: 'map' } as const;
export type ChatRoots = typeof reportRoots | typeof incidentRoots;

export const CHAT_MESSAGE_MAX = 1000;

/** One entry of a `messages` list (docs/sync-protocol.md, `incident:<id>` and `report:<id>`). */
export const chatMessageSchema = z.object({
	id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
	author: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
	text: z.string().trim().min(1).max(CHAT_MESSAGE_MAX),
	at: z.number().int().min(0)
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** A new message by `author` (the device's own user id: the server refuses any other). Null when empty. */
export function newChatMessage(author: string, text: string, now: number, id: string): ChatMessage | null {
	const trimmed = text.trim().slice(0, CHAT_MESSAGE_MAX);
	if (!trimmed) return null;
	return { id, author, text: trimmed, at: now };
}

/** The messages of a thread's document in the order everyone sees them; malformed or repeated entries are skipped. */
export function readChat(doc: Y.Doc): ChatMessage[] {
	const out: ChatMessage[] = [];
	const seen = new Set<string>();
	for (const entry of doc.getArray('messages').toArray()) {
		const parsed = chatMessageSchema.safeParse(entry);
		// Ids are the device's: a repeated one is shown once.
		if (parsed.success && !seen.has(parsed.data.id)) {
			seen.add(parsed.data.id);
			out.push(parsed.data);
		}
	}
	return out;
}

/** A message the municipality hid: its id (the message's own) and what the thread may show of it. */
export interface HiddenMessage extends HiddenEntry {
	id: string;
}

/**
 * The messages the municipality hid, from the thread's `moderation` root, oldest first (by the
 * message's own time). Entries that are not a `HiddenEntry` are skipped: the root is the server's,
 * but a device shows nothing it cannot read.
 */
export function readHidden(doc: Y.Doc): HiddenMessage[] {
	const out: HiddenMessage[] = [];
	// toJSON: plain values, and a nested Y.Map read as one (the contract writes plain objects).
	for (const [id, value] of Object.entries(doc.getMap('moderation').toJSON())) {
		const parsed = hiddenEntrySchema.safeParse(value);
		if (parsed.success && chatMessageSchema.shape.id.safeParse(id).success) out.push({ id, ...parsed.data });
	}
	return out.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The text of messages the server refused (kept so nothing typed is lost). */
export function refusedTexts(entries: readonly unknown[] | undefined): string[] {
	return (entries ?? []).flatMap((entry) => {
		const parsed = chatMessageSchema.safeParse(entry);
		return parsed.success ? [parsed.data.text] : [];
	});
}

/**
 * Ids of the messages in `doc` the server has not saved yet, given `saved` (per clientID, the
 * clock up to which the server has saved: SyncedDoc's `saved`). These are the ones written on this
 * phone and not sent yet; once the server has a message, it is never in this set again.
 */
export function unsentIds(doc: Y.Doc, saved: ReadonlyMap<number, number>): Set<string> {
	const out = new Set<string>();
	for (let item = doc.getArray('messages')._start; item !== null; item = item.right) {
		if (item.deleted) continue;
		const savedUpTo = saved.get(item.id.client) ?? 0;
		if (item.id.clock + item.length <= savedUpTo) continue;
		item.content.getContent().forEach((entry, i) => {
			const id = (entry as { id?: unknown } | null)?.id;
			if (item.id.clock + i >= savedUpTo && typeof id === 'string') out.add(id);
		});
	}
	return out;
}
