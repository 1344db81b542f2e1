import { z } from 'zod';
import { publicEventSchema } from '../../../src/lib/domain/lifecycle.ts';
import { hiddenEntrySchema } from '../../../src/lib/domain/moderation.ts';
import type { ArrayRule, RecordRule } from '../../sync/kind.ts';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/**
 * Text as stored: the limit counts every character the entry holds (whitespace too: nothing is
 * trimmed before it is stored), and some of it must be more than whitespace.
 */
export const storedText = (max: number) =>
	z
		.string()
		.max(max)
		.refine((value) => value.trim().length > 0, 'must not be empty');
const text = storedText;
/** Epoch milliseconds, not in the future (5 minutes of clock skew allowed). The device's claim. */
const at = z.number().int().min(0).refine((v) => v <= Date.now() + 5 * 60_000, 'is in the future');

/**
 * A chat thread's `messages` (a report's earlier thread, an incident's thread): anyone with write
 * access appends, each entry's author is the sender, and authors delete their own. Staff remove
 * someone else's message only by hiding it (server/moderation/), which records who and why: never
 * over the sync protocol, which would leave no account of it.
 * The municipality's public messages are written by the server with the author `municipality`
 * (`MUNICIPALITY_AUTHOR`): no client can, since the author must be the sender's user id (a UUID).
 */
export const messagesRoot: ArrayRule = {
	type: 'array',
	entry: z.strictObject({ id, author: id, text: text(1000), at }),
	writer: 'anyone',
	authorField: 'author',
	delete: 'author'
};

/**
 * The public timeline (issue 15): what the municipality decided (acknowledged, dispatched, referred,
 * closed, merged …), written only by the server (`server/ops/thread.ts`, after each decision made
 * through the console's API and recorded in `incident_event`). Every entry is a `publicEventSchema`
 * (src/lib/domain/lifecycle.ts), signed `municipality`, never a person. No client appends or
 * deletes, staff included.
 */
export const eventsRoot: ArrayRule = {
	type: 'array',
	entry: publicEventSchema,
	writer: 'server',
	authorField: 'author',
	delete: 'never'
};

/**
 * What the municipality hid in the thread (issue 16, server/moderation/): under a hidden message's
 * id, why, the message's own time (its place in the thread) and when. Written only by the server,
 * which also deletes the message from `messages`; no client writes or deletes anything here.
 */
export const moderationRoot: RecordRule = {
	type: 'record',
	key: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
	value: hiddenEntrySchema,
	writer: 'server'
};

/** Presence in a thread: whether the person is typing. Nothing else is relayed (docs/sync-protocol.md §6). */
export const threadAwareness = { typing: z.boolean() };
