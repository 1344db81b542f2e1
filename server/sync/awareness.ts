import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** One entry of a y-protocols awareness update. `state` null means "this client left". */
export interface AwarenessEntry {
	clientId: number;
	clock: number;
	state: Record<string, unknown> | null;
}

/** Decodes an awareness update. Throws on malformed bytes or states that are not JSON objects. */
export function decodeAwareness(update: Uint8Array, maxStateChars = 4096): AwarenessEntry[] {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	if (count > 1000) throw new Error('too many awareness entries');
	const entries: AwarenessEntry[] = [];
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const json = decoding.readVarString(decoder);
		if (json.length > maxStateChars) throw new Error('awareness state too large');
		const state: unknown = JSON.parse(json);
		if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new Error('awareness state must be an object or null');
		entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
	}
	if (decoding.hasContent(decoder)) throw new Error('trailing bytes after awareness update');
	return entries;
}

export function encodeAwareness(entries: readonly AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const e of entries) {
		encoding.writeVarUint(encoder, e.clientId);
		encoding.writeVarUint(encoder, e.clock);
		encoding.writeVarString(encoder, JSON.stringify(e.state));
	}
	return encoding.toUint8Array(encoder);
}

/** Overwrites whatever identity a client claimed with the one the server knows. */
export function stampIdentity(state: Record<string, unknown> | null, identity: Readonly<{ id: string; role: string }>): Record<string, unknown> | null {
	if (state === null) return null;
	// The identity object itself, shared by every state of one principal; nothing mutates it.
	return { ...state, user: identity };
}
