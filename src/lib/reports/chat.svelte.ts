import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { signInDevice } from '$lib/account/device-credential.ts';
import { SyncedDoc, type SyncStatus } from '$lib/sync/synced-doc.ts';
import { newChatMessage, readChat, refusedTexts, type ChatMessage, type ChatRoots } from './chat.ts';
import { currentUser, type Me } from './me.ts';

export interface ChatOptions {
	serverUrl: string;
	/** Keep the document on the device (y-indexeddb), so the thread reads and writes offline. */
	persist?: boolean;
	/** The municipality the resident chose as home: members of a report's municipality write in its chat. */
	homeMunicipality?: string | null;
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
	status = $state<SyncStatus>('connecting');
	me = $state.raw<Me | null>(null);
	/** Text of messages the server refused, to put back in the text box. */
	returned = $state<string | null>(null);
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
		this.#bind(doc);
		this.me = await currentUser({ homeMunicipality: options.homeMunicipality });
		if (this.#destroyed) return;
		this.#synced = new SyncedDoc({
			serverUrl: options.serverUrl,
			room: this.room,
			roots: this.roots,
			doc,
			onStatus: (status) => (this.status = status),
			onRefused: (draft) => {
				const texts = refusedTexts(draft.draft.arrays.messages);
				if (texts.length) this.returned = texts.join('\n');
			},
			onDoc: (fresh) => void this.#rebind(fresh, name, persist),
			reauthenticate: async () => {
				try {
					await signInDevice({ store: localStorage, ...(options.homeMunicipality ? { municipalityId: options.homeMunicipality } : {}) });
					return true;
				} catch {
					return false;
				}
			}
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
		const update = () => (this.messages = readChat(doc));
		messages.observe(update);
		update();
		this.#unbind = () => messages.unobserve(update);
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
