import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { diffDraft, isEmptyDraft, type Draft, type RootShapes } from './draft.ts';
import { actionFor } from './policy.ts';
import { kindsWithoutAwareness } from './protocol.ts';

export type SyncStatus = 'connecting' | 'synced' | 'offline' | 'signed-out' | 'failed';

export interface RefusedDraft {
	room: string;
	code: number;
	reason: string;
	draft: Draft;
	/** The raw Yjs update the server did not accept (for debugging or a later retry by the person). */
	update: Uint8Array;
	at: number;
}

export interface SyncedDocOptions {
	/** e.g. `wss://cuadra.example/sync` (the room is appended). */
	serverUrl: string;
	/** `<kind>:<id>`, e.g. `report:3f2a…`. */
	room: string;
	/** The kind's roots, to turn a refused document into a readable draft. */
	roots: RootShapes;
	/** The document to start from (e.g. loaded from y-indexeddb). */
	doc?: Y.Doc;
	/** Extra query parameters, e.g. `{ token }` for clients without cookies. */
	params?: Record<string, string>;
	/** Node or tests: the `ws` package's WebSocket. */
	WebSocketPolyfill?: unknown;
	/**
	 * Called after a 4401 close: sign in again (browsers get a fresh cookie). Resolve true to
	 * reconnect, or new query parameters (e.g. `{ token }`) to reconnect with; false to stay signed out.
	 */
	reauthenticate?: () => Promise<boolean | Record<string, string>>;
	/** Called when the server refused local changes, with what they were (the only place they are given). */
	onRefused?: (draft: RefusedDraft) => void;
	/** Called when the document was replaced by a fresh one (rebind views and local persistence). */
	onDoc?: (doc: Y.Doc) => void;
	onStatus?: (status: SyncStatus) => void;
	/**
	 * Called when the server has shown that it saved more (protocol §4: everything it sends covers
	 * only saved changes): per clientID, the clock up to which the server has saved.
	 */
	onSaved?: (saved: ReadonlyMap<number, number>) => void;
	/** Wait after 4429 before reconnecting, in ms. */
	backoffMs?: number;
	/** Wait after 4008 (too slow to keep up) before reconnecting, in ms (plus up to twice as much at random). */
	pauseMs?: number;
}

/** After this many refusals in a row without a local change in between, stop: never loop. */
const MAX_REFUSALS_IN_A_ROW = 2;

/**
 * A Y.Doc kept in sync with Cuadra's server through y-websocket, with the server's close codes
 * handled: on a refusal the local changes are kept as a draft, the document is reset and resynced
 * from the server, and the refused update is never sent again.
 */
export class SyncedDoc {
	doc: Y.Doc;
	status: SyncStatus = 'connecting';
	private provider: WebsocketProvider;
	private refusalsInARow = 0;
	private destroyed = false;
	private backoffTimer: ReturnType<typeof setTimeout> | undefined;
	/** Per clientID, the clock up to which the server has saved (a state vector), from what it sent. */
	readonly saved = new Map<number, number>();

	constructor(private readonly options: SyncedDocOptions) {
		this.doc = options.doc ?? new Y.Doc();
		this.provider = this.connect(this.doc);
	}

	get awareness() {
		return this.provider.awareness;
	}

	/** Resolves once the document has synced with the server (or rejects after `timeoutMs`). */
	whenSynced(timeoutMs = 10_000): Promise<void> {
		if (this.status === 'synced') return Promise.resolve();
		return new Promise((resolve, reject) => {
			const started = Date.now();
			const check = () => {
				if (this.status === 'synced') return resolve();
				if (this.status === 'failed' || this.status === 'signed-out' || this.destroyed) return reject(new Error(`sync ${this.status}`));
				if (Date.now() - started > timeoutMs) return reject(new Error('sync timed out'));
				setTimeout(check, 20);
			};
			check();
		});
	}

	destroy(): void {
		this.destroyed = true;
		clearTimeout(this.backoffTimer);
		this.provider.destroy();
	}

	private setStatus(status: SyncStatus): void {
		if (this.status === status) return;
		this.status = status;
		this.options.onStatus?.(status);
	}

	private connect(doc: Y.Doc): WebsocketProvider {
		const serverUrl = this.options.serverUrl.replace(/\/$/, '');
		const provider = new WebsocketProvider(serverUrl, this.options.room, doc, {
			params: this.options.params ?? {},
			// Tabs must not pass each other changes the server has not validated.
			disableBc: true,
			...(this.options.WebSocketPolyfill ? { WebSocketPolyfill: this.options.WebSocketPolyfill as typeof WebSocket } : {})
		});
		// No presence where nobody needs it (the feed): no state, so y-websocket sends none, nor renewals.
		if (kindsWithoutAwareness.includes(this.options.room.slice(0, this.options.room.indexOf(':')))) provider.awareness.setLocalState(null);
		provider.on('sync', (synced: boolean) => {
			if (synced && provider === this.provider) this.setStatus('synced');
		});
		provider.on('status', ({ status }: { status: string }) => {
			if (provider !== this.provider) return;
			if (status === 'disconnected' && this.status === 'synced') this.setStatus('offline');
			if (status === 'connecting' && this.status !== 'synced') this.setStatus('connecting');
		});
		provider.on('connection-close', (event: CloseEvent | null) => {
			if (provider !== this.provider || !event) return;
			// y-websocket stops by itself on 4400–4499; 1009 and the codes this client waits after
			// (4429, 4008) must be stopped here.
			const action = actionFor(event.code);
			if (action !== 'reconnect') provider.shouldConnect = false;
			queueMicrotask(() => void this.handleClose(provider, event.code, event.reason));
		});
		this.watchSaved(provider);
		doc.on('update', (_update: Uint8Array, origin: unknown) => {
			// A change the person made locally starts a new series of attempts.
			if (origin !== provider && doc === this.doc) this.refusalsInARow = 0;
		});
		return provider;
	}

	/**
	 * Reads, without consuming, each sync message the server sends: a SyncStep1's state vector, or
	 * the structs of a SyncStep2 or Update, all of which the server has saved (protocol §4; it
	 * accepts no gaps, so a saved clock means every earlier clock of that clientID is saved too).
	 */
	private watchSaved(provider: WebsocketProvider): void {
		const handlers = provider.messageHandlers;
		const sync = handlers[0];
		if (!sync) return;
		handlers[0] = (encoder, decoder, p, emitSynced, messageType) => {
			if (provider === this.provider) {
				try {
					this.noteSaved(decoding.clone(decoder));
				} catch {
					// Not a message this reader understands: y-websocket's own handler decides.
				}
			}
			sync(encoder, decoder, p, emitSynced, messageType);
		};
	}

	private noteSaved(decoder: decoding.Decoder): void {
		const type = decoding.readVarUint(decoder);
		const payload = decoding.readVarUint8Array(decoder);
		let grew = false;
		const note = (client: number, clock: number) => {
			if ((this.saved.get(client) ?? 0) < clock) {
				this.saved.set(client, clock);
				grew = true;
			}
		};
		if (type === 0) for (const [client, clock] of Y.decodeStateVector(payload)) note(client, clock);
		else
			for (const struct of Y.decodeUpdate(payload).structs) {
				if (!(struct instanceof Y.Skip)) note(struct.id.client, struct.id.clock + struct.length);
			}
		if (grew) this.options.onSaved?.(this.saved);
	}

	private async handleClose(provider: WebsocketProvider, code: number, reason: string): Promise<void> {
		if (this.destroyed || provider !== this.provider) return;
		const action = actionFor(code);
		if (action === 'reset') return this.reset(code, reason);
		if (action === 'reauth') {
			const again = (await this.options.reauthenticate?.().catch(() => false)) ?? false;
			if (this.destroyed || provider !== this.provider) return;
			if (typeof again === 'object') {
				this.options.params = again;
				provider.params = again;
			}
			if (again) provider.connect();
			else this.setStatus('signed-out');
			return;
		}
		if (action === 'backoff') {
			this.setStatus('offline');
			this.backoffTimer = setTimeout(() => provider.connect(), (this.options.backoffMs ?? 10_000) * (1 + Math.random() * 0.5));
		}
		if (action === 'pause') {
			// Dropped as too slow: back soon, but not every dropped socket in the same instant.
			this.backoffTimer = setTimeout(() => provider.connect(), (this.options.pauseMs ?? 1_000) * (1 + Math.random() * 2));
		}
	}

	private async reset(code: number, reason: string): Promise<void> {
		const old = this.doc;
		const oldProvider = this.provider;
		oldProvider.destroy();
		this.refusalsInARow++;
		if (this.refusalsInARow > MAX_REFUSALS_IN_A_ROW) {
			this.setStatus('failed');
			return;
		}
		const fresh = new Y.Doc();
		this.doc = fresh;
		this.setStatus('connecting');
		this.provider = this.connect(fresh);
		try {
			await this.whenSynced(30_000);
		} catch {
			// Still offline or failed: the old document is kept whole for the draft below.
		}
		if (this.destroyed) return;
		const draft = diffDraft(old, fresh, this.options.roots);
		const update = Y.encodeStateAsUpdate(old, Y.encodeStateVector(fresh));
		const refused: RefusedDraft = { room: this.options.room, code, reason, draft, update, at: Date.now() };
		if (!isEmptyDraft(draft)) this.options.onRefused?.(refused);
		this.options.onDoc?.(fresh);
		old.destroy();
	}
}
