import * as encoding from 'lib0/encoding';

/**
 * A hand-written Yjs V1 update encoder, for tests that send what no Yjs client would: origins and
 * parents of the test's choosing, deleted content placed as a key's value, a client listed twice,
 * bytes after the end. It writes the format Yjs's own `UpdateEncoderV1` writes (see the struct
 * layout in docs/sync-protocol.md §5), so Yjs decodes it as it would any update.
 */
export type Id = readonly [client: number, clock: number];

export type CraftStruct =
	| { gc: number }
	| {
			origin?: Id | null;
			rightOrigin?: Id | null;
			/** A root type's name; required when neither origin is given. */
			parent?: string;
			/** A map key (only written with `parent`, as Yjs does). */
			key?: string;
			/** ContentAny: JSON values. */
			any?: unknown[];
			/** ContentDeleted of this length. */
			deleted?: number;
	  };

export interface CraftSection {
	client: number;
	clock: number;
	structs: CraftStruct[];
}

export interface CraftRange {
	client: number;
	clock: number;
	len: number;
}

export function craftUpdate(sections: CraftSection[], deletes: CraftRange[] = [], trailing: number[] = []): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, sections.length);
	for (const section of sections) {
		encoding.writeVarUint(e, section.structs.length);
		encoding.writeVarUint(e, section.client);
		encoding.writeVarUint(e, section.clock);
		for (const s of section.structs) writeStruct(e, s);
	}
	const byClient = new Map<number, CraftRange[]>();
	for (const range of deletes) byClient.set(range.client, [...(byClient.get(range.client) ?? []), range]);
	encoding.writeVarUint(e, byClient.size);
	for (const [client, ranges] of byClient) {
		encoding.writeVarUint(e, client);
		encoding.writeVarUint(e, ranges.length);
		for (const range of ranges) {
			encoding.writeVarUint(e, range.clock);
			encoding.writeVarUint(e, range.len);
		}
	}
	for (const byte of trailing) encoding.writeUint8(e, byte);
	return encoding.toUint8Array(e);
}

function writeStruct(e: encoding.Encoder, s: CraftStruct): void {
	if ('gc' in s) {
		encoding.writeUint8(e, 0);
		encoding.writeVarUint(e, s.gc);
		return;
	}
	const origin = s.origin ?? null;
	const rightOrigin = s.rightOrigin ?? null;
	const withParent = origin === null && rightOrigin === null;
	const content = s.deleted !== undefined ? 1 : 8;
	const info = content | (origin ? 0b10000000 : 0) | (rightOrigin ? 0b01000000 : 0) | (withParent && s.key !== undefined ? 0b00100000 : 0);
	encoding.writeUint8(e, info);
	if (origin) writeId(e, origin);
	if (rightOrigin) writeId(e, rightOrigin);
	if (withParent) {
		encoding.writeVarUint(e, 1);
		encoding.writeVarString(e, s.parent ?? 'messages');
		if (s.key !== undefined) encoding.writeVarString(e, s.key);
	}
	if (s.deleted !== undefined) {
		encoding.writeVarUint(e, s.deleted);
		return;
	}
	const values = s.any ?? [];
	encoding.writeVarUint(e, values.length);
	for (const value of values) encoding.writeAny(e, value as never);
}

function writeId(e: encoding.Encoder, [client, clock]: Id): void {
	encoding.writeVarUint(e, client);
	encoding.writeVarUint(e, clock);
}

/** The length in clock units of what a crafted struct occupies. */
export const structLength = (s: CraftStruct): number => ('gc' in s ? s.gc : (s.deleted ?? s.any?.length ?? 0));
