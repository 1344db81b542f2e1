import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { signInDevice } from '$lib/account/device-credential.ts';
import { SyncedDoc, type SyncStatus } from '$lib/sync/synced-doc.ts';
import { newChatMessage, readChat, readHidden, refusedTexts, unsentIds, type ChatMessage, type ChatRoots, type HiddenMessage } from './chat.ts';
import { currentUser, type Me } from './me.ts';
import { readEvents } from './timeline.ts';
import type { PublicEvent } from '$lib/domain/lifecycle.ts';

export interface ChatOptions {
	serverUrl: string;
	/** Keep the document on the device (y-indexeddb), so the thread reads and writes offline. */
	persist?: boolean;
	/** The municipality the resident chose as home: members of a report's municipality write in its chat. */
	homeMunicipality?: string | null;
	/**
	 * Who reads (default: the resident's device, signed in with its own credential). The staff
	 * console passes its own session's user, so a staff page never signs a device in as a resident.
	 */
	identity?: () => Promise<Me | null>;
	/** After the server closed with 4401: sign in again (default: the device's credential). */
	reauthenticate?: () => Promise<boolean>;
}

/**
 * A chat thread: the `messages` list of one document — `incident:<id>`, the thread every report of
 * an incident shares, or (read only, for messages written before incidents had threads)
 * `report:<id>` — kept in a Y.Doc on the device and synced through `SyncedDoc`. Messages written offline stay in the document (and in
 * IndexedDB) and are sent when the connection returns. A refused message's text comes back in
 * `returned`, so nothing typed is lost.
 */
export class ReportChat {
	messages = $state.raw<ChatMessage[]>([]);
	/** The public timeline the server writes into the thread's `events` (timeline.ts), pushed as it writes. */
	events = $state.raw<PublicEvent[]>([]);
	/**
	 * The messages the municipality hid (the server's `moderation` root), oldest first: the server
	 * took them out of `messages`; the thread shows a placeholder with the reason in their place.
	 */
	hidden = $state.raw<HiddenMessage[]>([]);
	status = $state<SyncStatus>('connecting');
	me = $state.raw<Me | null>(null);
	/** Text of messages the server refused, to put back in the text box. */
	returned = $state<string | null>(null);
	/** Ids of the messages on this phone the server has not saved yet ("on the phone, not sent yet"). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced whole, never changed in place
	unsent = $state.raw<ReadonlySet<string>>(new Set());
	/** What the server has shown it saved, per clientID; kept on the device so it holds offline after a reload. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- not state: `unsent` is derived from it on each change
	#saved = new Map<number, number>();
	#doc: Y.Doc | null = null;
	#synced: SyncedDoc | null = null;
	#persistence: IndexeddbPersistence | null = null;
	#unbind: (() => void) | null = null;
	#destroyed = false;

	/** `room` is `incident:<id>` (or `report:<id>`), `roots` that kind's roots. */
	constructor(
		readonly room: string,
		readonly roots: ChatRoots
	) {}

	async open(options: ChatOptions): Promise<void> {
		const name = `cuadra-sync:${this.room}`;
		const persist = options.persist ?? true;
		const doc = new Y.Doc();
		if (persist) {
			this.#persistence = new IndexeddbPersistence(name, doc);
			await this.#persistence.whenSynced;
		}
		if (this.#destroyed) return;
		this.#saved = loadSaved(this.room);
		this.#bind(doc);
		this.me = await (options.identity ?? (() => currentUser({ homeMunicipality: options.homeMunicipality })))();
		if (this.#destroyed) return;
		this.#synced = new SyncedDoc({
			serverUrl: options.serverUrl,
			room: this.room,
			roots: this.roots,
			doc,
			onStatus: (status) => (this.status = status),
			onSaved: (saved) => {
				for (const [client, clock] of saved) if ((this.#saved.get(client) ?? 0) < clock) this.#saved.set(client, clock);
				storeSaved(this.room, this.#saved);
				this.#updateUnsent();
			},
			onRefused: (draft) => {
				const texts = refusedTexts(draft.draft.arrays.messages);
				if (texts.length) this.returned = texts.join('\n');
			},
			onDoc: (fresh) => void this.#rebind(fresh, name, persist),
			reauthenticate: options.reauthenticate ?? (async () => {
				try {
					await signInDevice({ store: localStorage, ...(options.homeMunicipality ? { municipalityId: options.homeMunicipality } : {}) });
					return true;
				} catch {
					return false;
				}
			})
		});
	}

	/** Adds a message in this device's own name. False when there is nothing to send or no identity yet. */
	send(text: string): boolean {
		const doc = this.#synced?.doc;
		if (!doc || !this.me) return false;
		const message = newChatMessage(this.me.id, text, Date.now(), crypto.randomUUID());
		if (!message) return false;
		doc.getArray('messages').push([message]);
		return true;
	}

	destroy(): void {
		this.#destroyed = true;
		this.#unbind?.();
		this.#synced?.destroy();
		void this.#persistence?.destroy();
	}

	#bind(doc: Y.Doc): void {
		this.#unbind?.();
		const messages = doc.getArray('messages');
		const events = doc.getArray('events');
		const moderation = doc.getMap('moderation');
		this.#doc = doc;
		const update = () => {
			this.messages = readChat(doc);
			this.#updateUnsent();
		};
		const updateEvents = () => (this.events = readEvents(events.toArray()));
		const updateHidden = () => (this.hidden = readHidden(doc));
		messages.observe(update);
		events.observe(updateEvents);
		moderation.observeDeep(updateHidden);
		update();
		updateEvents();
		updateHidden();
		this.#unbind = () => {
			messages.unobserve(update);
			events.unobserve(updateEvents);
			moderation.unobserveDeep(updateHidden);
		};
	}

	#updateUnsent(): void {
		if (this.#doc) this.unsent = unsentIds(this.#doc, this.#saved);
	}

	/** After a refusal the document was replaced: the refused content leaves the device's copy too. */
	async #rebind(fresh: Y.Doc, name: string, persist: boolean): Promise<void> {
		this.#bind(fresh);
		if (!persist || this.#destroyed) return;
		await this.#persistence?.clearData();
		if (this.#destroyed) return;
		this.#persistence = new IndexeddbPersistence(name, fresh);
	}
}

const savedKey = (room: string) => `cuadra-chat-saved:${room}`;

function loadSaved(room: string): Map<number, number> {
	try {
		const raw = JSON.parse(localStorage.getItem(savedKey(room)) ?? '[]') as unknown;
		return new Map(Array.isArray(raw) ? raw.filter((e): e is [number, number] => Array.isArray(e) && typeof e[0] === 'number' && typeof e[1] === 'number') : []);
	} catch {
		return new Map();
	}
}

function storeSaved(room: string, saved: ReadonlyMap<number, number>): void {
	try {
		localStorage.setItem(savedKey(room), JSON.stringify([...saved]));
	} catch {
		// Storage full or unavailable: the marks are worked out again from the server when online.
	}
}
