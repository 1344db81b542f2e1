import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** Limits on awareness (docs/sync-protocol.md §6). */
export const awarenessLimits = {
	/** Characters of one state's JSON, as the client sent it. */
	stateChars: 1024,
	/**
	 * Entries in one awareness message (y-websocket providers echo the states they receive, so the
	 * server never sends more in one message either).
	 */
	entriesPerMessage: 200,
	/** Distinct clientIDs one socket may announce (a y-websocket provider announces one). */
	statesPerSocket: 4,
	/** States kept (and relayed to a joiner) per room. */
	statesPerRoom: 500
} as const;

/** One entry of a y-protocols awareness update. `state` null means "this client left". */
export interface AwarenessEntry {
	clientId: number;
	clock: number;
	state: Record<string, unknown> | null;
}

/** One entry as it came off the wire: its state still the JSON's UTF-8 bytes, parsed only if needed. */
export interface RawAwarenessEntry {
	clientId: number;
	clock: number;
	json: Uint8Array;
}

/**
 * Reads an awareness update without parsing its states: y-websocket providers echo every state
 * they receive, and the server drops those echoes (states of other sockets' clientIDs) by id, so
 * it need not parse their JSON. Throws on malformed framing or too many entries.
 */
export function readAwareness(update: Uint8Array): RawAwarenessEntry[] {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	if (count > awarenessLimits.entriesPerMessage) throw new Error('too many awareness entries');
	const entries: RawAwarenessEntry[] = [];
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		entries.push({ clientId, clock, json: decoding.readVarUint8Array(decoder) });
	}
	if (decoding.hasContent(decoder)) throw new Error('trailing bytes after awareness update');
	return entries;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The state of a raw entry. Throws on bad UTF-8, bad JSON, states over the limit and states that are not objects. */
export function parseAwarenessState(json: Uint8Array, maxStateChars = awarenessLimits.stateChars): Record<string, unknown> | null {
	// A character is at most 4 bytes: a state that long in bytes is over the limit without decoding.
	if (json.byteLength > maxStateChars * 4) throw new Error('awareness state too large');
	const text = utf8.decode(json);
	if (text.length > maxStateChars) throw new Error('awareness state too large');
	const state: unknown = JSON.parse(text);
	if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new Error('awareness state must be an object or null');
	return state as Record<string, unknown> | null;
}

/** Decodes an awareness update. Throws on malformed bytes or states that are not JSON objects. */
export function decodeAwareness(update: Uint8Array, maxStateChars = awarenessLimits.stateChars): AwarenessEntry[] {
	return readAwareness(update).map(({ clientId, clock, json }) => ({ clientId, clock, state: parseAwarenessState(json, maxStateChars) }));
}

export function encodeAwareness(entries: readonly AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	writeAwareness(encoder, entries.map((e) => ({ clientId: e.clientId, clock: e.clock, json: JSON.stringify(e.state) })));
	return encoding.toUint8Array(encoder);
}

/** Writes one y-protocols awareness update (`encodeAwarenessUpdate`'s format) of states already as JSON. */
export function writeAwareness(encoder: encoding.Encoder, entries: readonly { clientId: number; clock: number; json: string }[]): void {
	encoding.writeVarUint(encoder, entries.length);
	for (const e of entries) {
		encoding.writeVarUint(encoder, e.clientId);
		encoding.writeVarUint(encoder, e.clock);
		encoding.writeVarString(encoder, e.json);
	}
}

/**
 * The state as relayed: only the fields the room's kind declares, each valid by its schema, and
 * the identity the server knows as `user`, whatever the client claimed (names, roles and ids
 * beside it are dropped with every other undeclared field).
 */
export function stampIdentity(
	state: Record<string, unknown> | null,
	identity: Readonly<{ id: string; role: string }>,
	fields: Record<string, { safeParse(value: unknown): { success: boolean } }> = {}
): Record<string, unknown> | null {
	if (state === null) return null;
	const kept: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(state)) {
		const schema = Object.hasOwn(fields, key) ? fields[key] : undefined;
		if (schema?.safeParse(value).success) kept[key] = value;
	}
	// The identity object itself, shared by every state of one principal; nothing mutates it.
	kept.user = identity;
	return kept;
}
