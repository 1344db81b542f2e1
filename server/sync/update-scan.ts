import * as decoding from 'lib0/decoding';

/**
 * Limits on one update, checked before Yjs sees it (docs/sync-protocol.md §5). An honest update
 * (a message, a note, a long offline stretch) is far below each.
 */
export const updateLimits = {
	/** Structs (items, GCs) in one update. */
	structs: 2000,
	/** Client sections (Yjs clientIDs) in one update: one per page load of the sender's device. */
	clients: 32,
	/** Ranges in the update's delete set. */
	deleteRanges: 100_000,
	/** Nesting of arrays and objects inside one JSON value. */
	depth: 32
} as const;

export class ScanError extends Error {
	constructor(
		message: string,
		/** True when the bytes are not a Yjs V1 update at all (4400); false when a limit or a rule refuses them (4403). */
		readonly malformed: boolean
	) {
		super(message);
	}
}

export interface ClientSection {
	client: number;
	/** Clock of the section's first struct. */
	clock: number;
	/** Clock after the section's last struct. */
	end: number;
}

export interface DeleteRange {
	client: number;
	clock: number;
	len: number;
}

export interface Scan {
	sections: ClientSection[];
	structs: number;
	deletes: DeleteRange[];
	/** Names of the root types that items name as their parent. */
	roots: Set<string>;
}

const enum Content {
	gc = 0,
	deleted = 1,
	any = 8,
	skip = 10
}

/**
 * Reads the framing of a Yjs V1 update in one linear pass, with no recursion and nothing handed
 * to Yjs: its client sections, the number of structs and the delete set. It refuses, before Yjs
 * decodes anything, what no Cuadra document can hold: content other than JSON values (`ContentAny`)
 * and deleted content, nested types (an item whose parent is another item), Skip structs, a client
 * listed twice, anything after the delete set (which also refuses V2 updates, which read as an
 * empty V1 update followed by bytes), and updates over `updateLimits`.
 *
 * It decides nothing about where the items land: that is judged on what Yjs integrates (judge.ts).
 */
export function scanUpdate(update: Uint8Array, limits: { structs: number; clients: number; deleteRanges: number } = updateLimits): Scan {
	const d = decoding.createDecoder(update);
	try {
		const sections: ClientSection[] = [];
		const seen = new Set<number>();
		const roots = new Set<string>();
		let structs = 0;
		const clientCount = decoding.readVarUint(d);
		if (clientCount > limits.clients) throw new ScanError(`an update may hold changes of at most ${limits.clients} Yjs clients`, false);
		for (let c = 0; c < clientCount; c++) {
			const count = decoding.readVarUint(d);
			const client = decoding.readVarUint(d);
			const clock = decoding.readVarUint(d);
			if (seen.has(client)) throw new ScanError(`the update lists Yjs client ${client} twice`, true);
			seen.add(client);
			structs += count;
			if (structs > limits.structs) throw new ScanError(`an update may hold at most ${limits.structs} structs`, false);
			let end = clock;
			for (let i = 0; i < count; i++) end += readStruct(d, roots);
			sections.push({ client, clock, end });
		}
		const deletes: DeleteRange[] = [];
		const dsClients = decoding.readVarUint(d);
		for (let c = 0; c < dsClients; c++) {
			const client = decoding.readVarUint(d);
			const ranges = decoding.readVarUint(d);
			if (deletes.length + ranges > limits.deleteRanges) throw new ScanError(`an update may delete at most ${limits.deleteRanges} ranges`, false);
			for (let r = 0; r < ranges; r++) {
				const clock = decoding.readVarUint(d);
				const len = decoding.readVarUint(d);
				deletes.push({ client, clock, len });
			}
		}
		if (decoding.hasContent(d)) throw new ScanError('bytes follow the end of the update (a Yjs V2 update, or garbage)', true);
		return { sections, structs, deletes, roots };
	} catch (error) {
		if (error instanceof ScanError) throw error;
		throw new ScanError('the update could not be decoded', true);
	}
}

/** Reads one struct, returns its length (clock units). */
function readStruct(d: decoding.Decoder, roots: Set<string>): number {
	const info = decoding.readUint8(d);
	const content = info & 0b11111;
	if (content === Content.gc) return positive(decoding.readVarUint(d));
	if (content === Content.skip) throw new ScanError('the update has gaps (Skip structs)', false);
	const hasOrigin = (info & 0b10000000) !== 0;
	const hasRightOrigin = (info & 0b01000000) !== 0;
	const hasParentSub = (info & 0b00100000) !== 0;
	if (hasOrigin) readId(d);
	if (hasRightOrigin) readId(d);
	if (!hasOrigin && !hasRightOrigin) {
		const parentIsRoot = decoding.readVarUint(d) === 1;
		if (!parentIsRoot) throw new ScanError('nested Yjs types are not allowed', false);
		roots.add(decoding.readVarString(d));
		if (hasParentSub) decoding.readVarString(d);
	}
	if (content === Content.deleted) return positive(decoding.readVarUint(d));
	if (content !== Content.any) throw new ScanError('documents hold plain JSON values only', false);
	const values = decoding.readVarUint(d);
	for (let i = 0; i < values; i++) skipAny(d);
	return positive(values);
}

const positive = (length: number): number => {
	if (length < 1) throw new ScanError('a struct of length 0', true);
	return length;
};

function readId(d: decoding.Decoder): void {
	decoding.readVarUint(d);
	decoding.readVarUint(d);
}

/** Skips one lib0 `writeAny` value without recursion; refuses nesting deeper than `updateLimits.depth`. */
function skipAny(d: decoding.Decoder): void {
	// Per open level: how many values (an object's: entries, each a key then a value) are left.
	const left: number[] = [1];
	const isObject: boolean[] = [false];
	while (left.length) {
		const top = left.length - 1;
		if (left[top] === 0) {
			left.pop();
			isObject.pop();
			continue;
		}
		left[top] = (left[top] as number) - 1;
		if (isObject[top]) decoding.readVarString(d);
		const type = decoding.readUint8(d);
		switch (type) {
			case 127: // undefined
			case 126: // null
			case 121: // false
			case 120: // true
				break;
			case 125:
				decoding.readVarInt(d);
				break;
			case 124:
				decoding.readFloat32(d);
				break;
			case 123:
				decoding.readFloat64(d);
				break;
			case 122:
				decoding.readBigInt64(d);
				break;
			case 119:
				decoding.readVarString(d);
				break;
			case 116:
				decoding.readVarUint8Array(d);
				break;
			case 118: // object
			case 117: // array
				if (left.length > updateLimits.depth) throw new ScanError(`JSON values may nest at most ${updateLimits.depth} levels`, false);
				left.push(decoding.readVarUint(d));
				isObject.push(type === 118);
				break;
			default:
				throw new ScanError('the update could not be decoded', true);
		}
	}
}
