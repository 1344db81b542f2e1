import Dexie, { type EntityTable } from 'dexie';
import type { Contact } from './contact.ts';
import type { OutboxEntry, OutboxStore } from './outbox.svelte.ts';

/** Someone who made this resident their contact, with the name this resident gave them (kept only here). */
export interface LinkedPerson {
	subjectId: string;
	name: string;
	since: string;
}

/**
 * The emergency feature's own database on the device (`cuadra-emergency`): the personal contacts,
 * which never leave the phone, panic alerts waiting for a network, and the names of the people
 * who linked this resident as their contact.
 */
export class EmergencyDb extends Dexie {
	contacts!: EntityTable<Contact, 'id'>;
	outbox!: EntityTable<OutboxEntry, 'id'>;
	linked!: EntityTable<LinkedPerson, 'subjectId'>;
	settings!: EntityTable<{ key: string; value: unknown }, 'key'>;

	constructor(options?: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange }) {
		super('cuadra-emergency', options);
		this.version(1).stores({ contacts: 'id, position', outbox: 'id' });
		this.version(2).stores({ contacts: 'id, position', outbox: 'id', linked: 'subjectId' });
		this.version(3).stores({ contacts: 'id, position', outbox: 'id', linked: 'subjectId', settings: 'key' });
	}
}

export interface ContactStore {
	all(): Promise<Contact[]>;
	put(contact: Contact): Promise<void>;
	delete(id: string): Promise<void>;
}

export function dexieContactStore(db: EmergencyDb): ContactStore {
	return {
		all: () => db.contacts.orderBy('position').toArray(),
		put: async (c) => void (await db.contacts.put(c)),
		delete: (id) => db.contacts.delete(id)
	};
}

export function dexieOutboxStore(db: EmergencyDb): OutboxStore {
	return {
		all: () => db.outbox.toArray(),
		put: async (e) => void (await db.outbox.put(e)),
		delete: (id) => db.outbox.delete(id)
	};
}

let shared: EmergencyDb | undefined;
/** The app's one connection to `cuadra-emergency`, opened on first use. */
export function emergencyDb(): EmergencyDb {
	return (shared ??= new EmergencyDb());
}
