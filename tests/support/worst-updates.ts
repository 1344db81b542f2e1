import { craftUpdate, type CraftSection, type CraftStruct } from './yjs-craft.ts';

/**
 * The most expensive updates we could make for the sync server, each under the 1 MiB message
 * limit, for the denial-of-service test (tests/integration/sync-dos.test.ts) and the bench. Each
 * is refused; what matters is what the refusal costs everyone else.
 */
export interface WorstUpdate {
	name: string;
	update: Uint8Array;
}

const entry = (author: string, i: number, text = 'x') => ({ id: `w${i}`, author, text, at: 1 });

/** Client sections of `perClient` structs each, `clients` of them, from `first` up. */
function sections(clients: number, perClient: number, struct: (client: number, index: number) => CraftStruct, first = 900_000_000): CraftSection[] {
	return Array.from({ length: clients }, (_, c) => ({ client: first + c, clock: 0, structs: Array.from({ length: perClient }, (_, i) => struct(first + c, i)) }));
}

/** What a reader could send: a long chain of structs (the review's stack overflow), and a huge delete set. */
export function readerWorst(): WorstUpdate[] {
	return [
		{ name: 'reader: 9,000 structs whose origins point forward', update: craftUpdate([{ client: 900_000_001, clock: 0, structs: Array.from({ length: 9000 }, (_, i) => ({ origin: [900_000_001, i + 1] as const, any: [null] })) }]) },
		{ name: 'reader: 100,000 delete ranges', update: craftUpdate([], Array.from({ length: 100_000 }, (_, i) => ({ client: 1 + (i % 50), clock: i * 3, len: 2 }))) }
	];
}

/** What a writer could send, given its user id. */
export function writerWorst(author: string): WorstUpdate[] {
	const big = 'x'.repeat(900);
	return [
		// Origins that point into the next client's structs: Yjs must resolve them across clients.
		{ name: 'writer: 32 × 62 structs, origins pointing forward across clients', update: craftUpdate(sections(32, 62, (client, i) => ({ origin: [client + 1, i] as const, any: [entry(author, client * 100 + i)] }))) },
		// Every item with no origin, in one list, from 32 clients: Yjs orders them pairwise. The ids
		// repeat from one client to the next, so it is refused only once all of it was integrated.
		{ name: 'writer: 32 × 62 conflicting appends', update: craftUpdate(sections(32, 62, (_client, i) => ({ parent: 'messages', any: [entry(author, i)] }))) },
		// As many valid-looking entries as fit: the schema and the per-user share refuse them after Yjs applied them.
		{ name: 'writer: 1,000 entries of 900 characters', update: craftUpdate(sections(1, 1000, (_client, i) => ({ parent: 'messages', any: [entry(author, i, big)] }))) },
		// JSON nested to the limit in every value.
		{ name: 'writer: 2,000 values nested 32 deep', update: craftUpdate(sections(1, 2000, (_client, i) => ({ parent: 'messages', any: [nest(31, i)] }))) }
	];
}

function nest(depth: number, leaf: number): unknown {
	let value: unknown = leaf;
	for (let d = 0; d < depth; d++) value = [value];
	return value;
}
