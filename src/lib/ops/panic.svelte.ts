import { opsApi, OpsApiError, type OpsApi } from './api.ts';
import type { PanicAction, QueuePanic } from './contract.ts';
import type { DecisionFailure, LoadStatus } from './incident.svelte.ts';

/**
 * One panic alert in the console: read with `GET /api/ops/panics/:id` (the server checks that the
 * operator is staff of the alert's municipality), acted on with `POST /api/ops/panics/:id/actions`,
 * kept current from the stream's `panic` events. A stale action (409) reloads and says so.
 */
export class PanicAlertState {
	panic = $state.raw<QueuePanic | null>(null);
	status = $state<LoadStatus>('loading');
	busy = $state(false);
	readonly #api: OpsApi;

	constructor(
		readonly id: string,
		api: OpsApi = opsApi
	) {
		this.#api = api;
	}

	async load(): Promise<void> {
		try {
			this.panic = await this.#api.panic(this.id);
			this.status = 'ready';
		} catch (error) {
			if (this.panic) return;
			this.status = !(error instanceof OpsApiError) ? 'error' : error.status === 403 ? 'forbidden' : error.status === 404 ? 'not_found' : 'error';
		}
	}

	async act(action: PanicAction): Promise<DecisionFailure | null> {
		if (this.busy) return { kind: 'error', code: 'busy' };
		this.busy = true;
		try {
			this.panic = await this.#api.panicAction(this.id, action);
			return null;
		} catch (error) {
			if (!(error instanceof OpsApiError)) return { kind: 'error', code: 'unknown' };
			if (error.stale || error.code === 'not_allowed') {
				await this.load();
				return error.stale ? { kind: 'stale' } : { kind: 'not_allowed' };
			}
			return error.status === 0 ? { kind: 'offline' } : { kind: 'error', code: error.code };
		} finally {
			this.busy = false;
		}
	}

	/** Follows the stream's `panic` events for this alert. Returns the stop. */
	watch(streamUrl: string): () => void {
		if (typeof EventSource === 'undefined') return () => {};
		const source = new EventSource(streamUrl);
		source.addEventListener('panic', (event) => {
			try {
				const changed = JSON.parse((event as MessageEvent<string>).data) as QueuePanic;
				if (changed.id === this.id && changed.version >= (this.panic?.version ?? 0)) this.panic = changed;
			} catch {
				// Not one of ours.
			}
		});
		return () => source.close();
	}
}
