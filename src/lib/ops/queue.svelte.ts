import { SvelteSet } from 'svelte/reactivity';
import type { IncidentState } from '../domain/lifecycle.ts';
import { incidentStates } from '../domain/lifecycle.ts';
import { opsApi, OpsApiError, type OpsApi } from './api.ts';
import type { OpsQueue, QueueIncident, QueuePanic } from './contract.ts';
import { beep } from './beep.ts';
import { filterQueue, noFilter, prepare, compareItems, sortPanics, upsert, type QueueFilter, type QueueItem } from './queue-filter.ts';

const MUTE_KEY = 'cuadra.ops.muted';
/** How long a new arrival stays highlighted. */
const HIGHLIGHT_MS = 15_000;

export type Connection = 'connecting' | 'live' | 'reconnecting';

/** How the queue learns of changes: an `EventSource` in the browser, replaceable in specs. */
export type StreamFactory = (url: string) => Pick<EventSource, 'addEventListener' | 'close' | 'readyState'> & { onopen: ((this: EventSource, ev: Event) => unknown) | null; onerror: ((this: EventSource, ev: Event) => unknown) | null };

/**
 * The console's live queue (issue 15): loads `GET /api/ops/queue`, follows `/api/ops/stream`, and
 * keeps the incidents sorted (queue-filter.ts) and filtered. A new arrival is highlighted,
 * announced politely and, unless muted, beeps. After the stream reconnects the whole queue is read
 * again, so nothing missed while disconnected stays missing.
 */
export class OpsQueueState {
	status = $state<'loading' | 'ready' | 'error'>('loading');
	error = $state<OpsApiError | null>(null);
	connection = $state<Connection>('connecting');
	items = $state.raw<QueueItem[]>([]);
	panics = $state.raw<QueuePanic[]>([]);
	counts = $state.raw<Record<IncidentState, number>>(Object.fromEntries(incidentStates.map((s) => [s, 0])) as Record<IncidentState, number>);
	filter = $state<QueueFilter>({ ...noFilter });
	/** Ids that arrived since the page opened, highlighted for a while. */
	readonly fresh = new SvelteSet<string>();
	/** The polite live region's text: the latest arrival. */
	announcement = $state('');
	muted = $state(false);
	/** The server's clock minus this device's, from the queue's `serverTime`. */
	#skew = 0;
	now = $state(Date.now());

	readonly visible = $derived(filterQueue(this.items, this.filter, this.now));
	/** Whether any incident is open, for the queue's empty state. */
	readonly hasOpen = $derived(this.items.some((i) => i.open));
	readonly openPanics = $derived(this.panics.filter((p) => p.status !== 'closed'));

	#api: OpsApi;
	#stream: StreamFactory;
	#source: ReturnType<StreamFactory> | null = null;
	#municipality = '';
	#timers: Array<ReturnType<typeof setTimeout>> = [];
	#retry: ReturnType<typeof setTimeout> | null = null;
	#clock: ReturnType<typeof setInterval> | null = null;
	#stopped = false;
	/** Announces an arrival in the operator's language (set by the page). */
	describe: (incident: QueueIncident) => string = (i) => i.description;
	describePanic: (panic: QueuePanic) => string = () => 'panic';

	constructor(options: { api?: OpsApi; stream?: StreamFactory; storage?: Pick<Storage, 'getItem' | 'setItem'> | null } = {}) {
		this.#api = options.api ?? opsApi;
		this.#stream = options.stream ?? ((url) => new EventSource(url));
		this.#storage = options.storage === undefined ? (typeof localStorage === 'undefined' ? null : localStorage) : options.storage;
		try {
			this.muted = this.#storage?.getItem(MUTE_KEY) === '1';
		} catch {
			this.muted = false;
		}
	}
	#storage: Pick<Storage, 'getItem' | 'setItem'> | null;

	/** Loads the queue and follows the stream until `stop()`. */
	async start(municipality: string): Promise<void> {
		this.#municipality = municipality;
		this.#stopped = false;
		this.#clock = setInterval(() => (this.now = Date.now() + this.#skew), 30_000);
		await this.reload();
		if (!this.#stopped) this.#follow();
	}

	stop(): void {
		this.#stopped = true;
		this.#source?.close();
		this.#source = null;
		if (this.#retry) clearTimeout(this.#retry);
		if (this.#clock) clearInterval(this.#clock);
		for (const t of this.#timers.splice(0)) clearTimeout(t);
	}

	async reload(): Promise<void> {
		try {
			this.apply(await this.#api.queue(this.#municipality));
			this.status = 'ready';
			this.error = null;
		} catch (error) {
			this.error = error instanceof OpsApiError ? error : new OpsApiError(0, 'network', String(error));
			if (this.status !== 'ready') this.status = 'error';
		}
	}

	apply(queue: OpsQueue): void {
		this.#skew = Date.parse(queue.serverTime) - Date.now();
		this.now = Date.now() + this.#skew;
		this.items = queue.incidents.map(prepare).sort(compareItems);
		this.panics = sortPanics(queue.panics);
		this.counts = { ...this.counts, ...queue.counts };
	}

	/** One incident from the stream: a new one is an arrival; a known one moves and recounts. */
	incident(incident: QueueIncident): void {
		if (incident.municipality !== this.#municipality) return;
		const before = this.items.find((i) => i.incident.id === incident.id)?.incident;
		if (before && before.version > incident.version) return;
		const counts = { ...this.counts };
		if (before) counts[before.state] = Math.max(0, (counts[before.state] ?? 0) - 1);
		counts[incident.state] = (counts[incident.state] ?? 0) + 1;
		this.counts = counts;
		this.items = upsert(this.items, incident);
		if (!before) this.#arrived(incident.id, this.describe(incident));
	}

	panic(panic: QueuePanic): void {
		if (panic.municipality !== this.#municipality) return;
		const before = this.panics.find((p) => p.id === panic.id);
		if (before && before.version > panic.version) return;
		this.panics = sortPanics([...this.panics.filter((p) => p.id !== panic.id), panic]);
		if (!before) this.#arrived(panic.id, this.describePanic(panic));
	}

	setMuted(muted: boolean): void {
		this.muted = muted;
		try {
			this.#storage?.setItem(MUTE_KEY, muted ? '1' : '0');
		} catch {
			// Not kept: it still holds for this page.
		}
	}

	#arrived(id: string, text: string): void {
		this.fresh.add(id);
		this.announcement = text;
		if (!this.muted) beep();
		const timer = setTimeout(() => {
			this.#timers = this.#timers.filter((t) => t !== timer);
			this.fresh.delete(id);
		}, HIGHLIGHT_MS);
		this.#timers.push(timer);
	}

	#follow(): void {
		const source = this.#stream(this.#api.streamUrl(this.#municipality));
		this.#source = source;
		let dropped = false;
		source.onopen = () => {
			this.connection = 'live';
			// Back after a drop: read everything again, what changed meanwhile included.
			if (dropped) void this.reload();
			dropped = false;
		};
		source.onerror = () => {
			dropped = true;
			this.connection = 'reconnecting';
			// EventSource retries by itself unless the server refused (401/403): then check the
			// session (an expired one opens the sign-in dialog) and follow again.
			if (source.readyState === 2 && !this.#stopped) {
				source.close();
				this.#retry = setTimeout(() => {
					void this.reload().then(() => {
						if (!this.#stopped) this.#follow();
					});
				}, 3_000);
			}
		};
		const read = <T>(handle: (value: T) => void) => (event: Event) => {
			try {
				handle(JSON.parse((event as MessageEvent<string>).data) as T);
			} catch {
				// A malformed event: the next reload corrects the queue.
			}
		};
		source.addEventListener('incident', read<QueueIncident>((i) => this.incident(i)));
		source.addEventListener('panic', read<QueuePanic>((p) => this.panic(p)));
	}
}
