import type { z } from 'zod';
import type * as Y from 'yjs';
import type { Principal } from '../auth/principal.ts';

export type Access = 'write' | 'read' | 'none';

/**
 * Who may add something: anyone with write access, the document's creator, its municipality's
 * staff, or only the server itself (`SyncServer.writeAsServer`): no client, whoever they are.
 */
export type Writer = 'anyone' | 'creator' | 'staff' | 'creator-or-staff' | 'server';

/** A key of a root Y.Map: set once, never overwritten nor deleted. */
export interface FieldRule {
	schema: z.ZodType;
	writer: Writer;
	/** The value must be the sender's user id (e.g. `creator`). */
	self?: boolean;
}

/** A root Y.Map whose keys are declared fields, each set at most once. */
export interface MapRule {
	type: 'map';
	fields: Record<string, FieldRule>;
}

/** A root Y.Array that can only be appended to, with plain JSON objects. */
export interface ArrayRule {
	type: 'array';
	entry: z.ZodType<Record<string, unknown>>;
	writer: Writer;
	/** Field of each entry that must equal the sender's user id. */
	authorField: string;
	/**
	 * Who may delete an entry: its author or a moderator ('own'), its author only ('author': staff
	 * remove others' entries through their feature's API, which records why), moderators only, or
	 * nobody.
	 */
	delete: 'own' | 'author' | 'moderator' | 'never';
}

/**
 * A root Y.Map of records the server keeps current: it adds, overwrites and removes entries
 * (e.g. the feed's reports as their status changes or they expire). Keys and values follow the
 * schemas; no client writes or deletes anything in it, whoever they are. Only `writer: 'server'`
 * exists: a client-written record map would need rules for overwrites that nothing needs yet.
 */
export interface RecordRule {
	type: 'record';
	key: z.ZodType<string>;
	value: z.ZodType;
	writer: 'server';
}

export type RootRule = MapRule | ArrayRule | RecordRule;

/** What the rules need to know about a document: who created it, which municipality it belongs to. */
export interface DocFacts {
	creator: string | null;
	municipalityId: string | null;
	/** Further people the kind's access rule lets write (e.g. every reporter of an incident). */
	writers?: readonly string[];
	/** The feature's own state says the document is finished (e.g. a closed incident's thread): kinds may make it read-only. */
	closed?: boolean;
}

/** Reads a value of a root map, from the update being checked first, then from the document. */
export type FactReader = (root: string, key: string) => unknown;

/**
 * A kind of document. Values are plain JSON (Y.Map of JSON values, Y.Array of JSON objects);
 * nested Yjs types and Y.Text are refused. A feature registers its kinds with `SyncServer.register`
 * (docs/sync-protocol.md §9).
 */
export interface DocKind {
	name: string;
	roots: Record<string, RootRule>;
	/**
	 * Facts the kind's feature keeps in the store (e.g. reports made through the HTTP API). When this
	 * returns facts they are authoritative and the document's own values are ignored. Read before
	 * the document is loaded (the access decision comes first), and again on `refreshFacts`.
	 */
	storedFacts?(id: string): Promise<DocFacts | null>;
	/**
	 * Runs once each time a room of this kind is loaded, after the access check and before the
	 * socket is attached: fills the document from the feature's store through `write` (e.g. the
	 * feed's current reports). A failure is logged; the room opens anyway.
	 */
	prepare?(id: string, write: ServerWrite): Promise<void>;
	/** Otherwise facts may come from another room (e.g. a report's private half takes them from the report). */
	factsRoom?(id: string): string;
	facts(read: FactReader): DocFacts;
	/**
	 * Awareness (presence) in this kind of room: the fields a client may put in its state, besides
	 * `user`, which the server stamps. Absent: the room carries no awareness at all (the server
	 * neither relays nor keeps any), e.g. the server-written feed.
	 */
	awareness?: Record<string, z.ZodType>;
	/**
	 * More of the identity the server stamps as awareness `user`, beside `id` and `role`, in this
	 * kind's rooms only (e.g. staff names in the staff-only console room). Absent: only id and role.
	 */
	awarenessIdentity?(principal: Principal): Readonly<Record<string, string | null>>;
	/** What this principal may do in a document with these facts. Checked at connect and per update. */
	access(principal: Principal, facts: DocFacts): Access;
	/**
	 * Beyond `access`, whether this person may add to this document now (a feature's own state about
	 * the person, e.g. moderation's posting limits): the refusal's reason, or null. Checked for every
	 * update that brings something new, after the access decision; deleting one's own entries is
	 * not affected. Synchronous: the feature keeps what it needs in memory.
	 */
	writeLimit?(principal: Principal, facts: DocFacts): string | null;
}

/**
 * The server writes into a document itself (`SyncServer.writeAsServer`): `edit` runs on the
 * server's copy in order with clients' updates, unchecked by the kind's rules; saved before it is
 * broadcast, audited with the server as author and `reason`. Resolves to whether it changed anything.
 */
export type ServerWrite = (room: string, edit: (doc: Y.Doc) => void, reason: string) => Promise<boolean>;
