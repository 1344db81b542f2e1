import { isoNow } from '$lib/domain/time.ts';
import { MAX_CONTACTS, storedContactSchema, validateContact, type Contact, type ContactInput, type ContactValidation } from './contact.ts';
import type { ContactStore } from './db.ts';

export type ContactsResult = ContactValidation | { ok: false; problems: { form: 'too_many' | 'not_found' | 'storage' } };

/**
 * The resident's personal emergency contacts: at most ten, kept only on this device.
 * Deleting keeps the last removed contact so it can be put back (undo).
 */
export class ContactsState {
	list = $state<Contact[]>([]);
	status = $state<'loading' | 'ready' | 'error'>('loading');
	/** The contact just deleted, until undone or another change. */
	lastRemoved = $state<Contact | null>(null);
	readonly #store: ContactStore;
	readonly #newId: () => string;
	readonly #onFirstSave: () => void;
	readonly #onChange: (list: Contact[]) => void;

	constructor(store: ContactStore, options: { newId?: () => string; onFirstSave?: () => void; onChange?: (list: Contact[]) => void } = {}) {
		this.#store = store;
		this.#newId = options.newId ?? (() => crypto.randomUUID());
		this.#onFirstSave = options.onFirstSave ?? (() => undefined);
		this.#onChange = options.onChange ?? (() => undefined);
	}

	get full(): boolean {
		return this.list.length >= MAX_CONTACTS;
	}

	/** Dialable numbers, for the panic message. */
	get numbers(): string[] {
		return this.list.map((c) => c.dial);
	}

	async load(): Promise<void> {
		try {
			const stored = await this.#store.all();
			this.list = stored.filter((c) => storedContactSchema.safeParse(c).success).sort((a, b) => a.position - b.position);
			this.status = 'ready';
		} catch {
			this.status = 'error';
		}
	}

	async add(input: ContactInput): Promise<ContactsResult> {
		if (this.full) return { ok: false, problems: { form: 'too_many' } };
		const valid = validateContact(input);
		if (!valid.ok) return valid;
		const position = Math.max(0, ...this.list.map((c) => c.position + 1));
		const contact: Contact = { id: this.#newId(), ...valid.value, createdAt: isoNow(), position };
		if (!(await this.#save(contact))) return { ok: false, problems: { form: 'storage' } };
		if (this.list.length === 0) this.#onFirstSave();
		this.list = [...this.list, contact];
		this.lastRemoved = null;
		this.#changed();
		return valid;
	}

	async update(id: string, input: ContactInput): Promise<ContactsResult> {
		const existing = this.list.find((c) => c.id === id);
		if (!existing) return { ok: false, problems: { form: 'not_found' } };
		const valid = validateContact(input);
		if (!valid.ok) return valid;
		const contact = { ...existing, ...valid.value };
		if (!(await this.#save(contact))) return { ok: false, problems: { form: 'storage' } };
		this.list = this.list.map((c) => (c.id === id ? contact : c));
		this.lastRemoved = null;
		this.#changed();
		return valid;
	}

	async remove(id: string): Promise<boolean> {
		const existing = this.list.find((c) => c.id === id);
		if (!existing) return false;
		await this.#store.delete(id);
		this.list = this.list.filter((c) => c.id !== id);
		this.lastRemoved = existing;
		this.#changed();
		return true;
	}

	/** Puts the last deleted contact back where it was. */
	async undo(): Promise<boolean> {
		const contact = this.lastRemoved;
		if (!contact || this.full) return false;
		if (!(await this.#save(contact))) return false;
		this.list = [...this.list, contact].sort((a, b) => a.position - b.position);
		this.lastRemoved = null;
		this.#changed();
		return true;
	}

	#changed(): void {
		this.#onChange($state.snapshot(this.list) as Contact[]);
	}

	async #save(contact: Contact): Promise<boolean> {
		try {
			await this.#store.put($state.snapshot(contact) as Contact);
			return true;
		} catch {
			return false;
		}
	}
}
