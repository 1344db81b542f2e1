import type { IncidentAction } from '../domain/lifecycle.ts';
import { opsApi, OpsApiError, type OpsApi } from './api.ts';
import type { MergeBody, QueueIncident, SplitBody, StaffIncident } from './contract.ts';

/** A decision as the panel makes it: the version is the one the operator saw when they opened it. */
export type Decision = IncidentAction;

export type LoadStatus = 'loading' | 'ready' | 'not_found' | 'forbidden' | 'error';

/** Why the last decision failed, for the page to say: stale (someone else decided first), not allowed, other. */
export type DecisionFailure = { kind: 'stale' } | { kind: 'not_allowed' } | { kind: 'offline' } | { kind: 'error'; code: string };

/**
 * One incident as its municipality's staff see it (`GET /api/ops/incidents/:id`), and the
 * decisions made on it. A decision refused as stale (409) reloads the incident and reports
 * `{ kind: 'stale' }`; the forms keep what was typed (drafts.svelte.ts) until a decision succeeds.
 * It stays current: `watch()` reloads when the console's stream says the incident changed, and when
 * the tab comes back into focus.
 */
export class StaffIncidentState {
	data = $state.raw<StaffIncident | null>(null);
	status = $state<LoadStatus>('loading');
	busy = $state(false);
	/** Set when the incident changed under the operator's eyes (another operator decided). */
	changedElsewhere = $state(false);
	readonly #api: OpsApi;

	constructor(
		readonly id: string,
		api: OpsApi = opsApi
	) {
		this.#api = api;
	}

	get incident(): QueueIncident | null {
		return this.data?.incident ?? null;
	}

	async load(): Promise<void> {
		try {
			const fresh = await this.#api.incident(this.id);
			if (this.data && fresh.incident.version !== this.data.incident.version) this.changedElsewhere = true;
			this.data = fresh;
			this.status = 'ready';
		} catch (error) {
			// A failed refresh keeps what is shown.
			if (this.data) return;
			const status = error instanceof OpsApiError ? error.status : 0;
			this.status = status === 404 ? 'not_found' : status === 403 ? 'forbidden' : 'error';
		}
	}

	/** Sends a decision; null when it was taken, else why not. */
	async act(decision: Decision): Promise<DecisionFailure | null> {
		const result = await this.#decide(() => this.#api.incidentAction(this.id, decision));
		if ('failure' in result) return result.failure;
		this.data = result.ok;
		return null;
	}

	/** Merges this incident into `body.into`: the answer is the incident merged into (this one is then closed as a duplicate). */
	async merge(body: MergeBody): Promise<{ ok: StaffIncident } | { failure: DecisionFailure }> {
		const result = await this.#decide(() => this.#api.merge(this.id, body));
		if ('ok' in result) await this.load();
		return result;
	}

	/** Splits one report out into a new incident, which is the answer. */
	async split(reportId: string, body: SplitBody): Promise<{ ok: StaffIncident } | { failure: DecisionFailure }> {
		const result = await this.#decide(() => this.#api.split(reportId, body));
		if ('ok' in result) await this.load();
		return result;
	}

	/** Reloads on the stream's `incident` events for this incident, and when the tab regains focus. Returns the stop. */
	watch(options: { streamUrl?: string | null } = {}): () => void {
		const onFocus = () => void this.load();
		const onVisible = () => {
			if (document.visibilityState === 'visible') void this.load();
		};
		window.addEventListener('focus', onFocus);
		document.addEventListener('visibilitychange', onVisible);
		let source: EventSource | null = null;
		if (options.streamUrl && typeof EventSource !== 'undefined') {
			source = new EventSource(options.streamUrl);
			source.addEventListener('incident', (event) => {
				try {
					const changed = JSON.parse((event as MessageEvent<string>).data) as Partial<QueueIncident>;
					if (changed.id === this.id && changed.version !== this.incident?.version) void this.load();
				} catch {
					// Not one of ours: ignore.
				}
			});
		}
		return () => {
			window.removeEventListener('focus', onFocus);
			document.removeEventListener('visibilitychange', onVisible);
			source?.close();
		};
	}

	async #decide<T>(send: () => Promise<T>): Promise<{ ok: T } | { failure: DecisionFailure }> {
		if (this.busy) return { failure: { kind: 'error', code: 'busy' } };
		this.busy = true;
		try {
			const ok = await send();
			this.changedElsewhere = false;
			return { ok };
		} catch (error) {
			if (!(error instanceof OpsApiError)) return { failure: { kind: 'error', code: 'unknown' } };
			if (error.stale || error.code === 'not_allowed') {
				await this.#reload();
				return { failure: error.stale ? { kind: 'stale' } : { kind: 'not_allowed' } };
			}
			return { failure: error.status === 0 ? { kind: 'offline' } : { kind: 'error', code: error.code } };
		} finally {
			this.busy = false;
		}
	}

	async #reload(): Promise<void> {
		try {
			this.data = await this.#api.incident(this.id);
		} catch {
			// Keep what is shown; the page says the decision was refused.
		}
	}
}
