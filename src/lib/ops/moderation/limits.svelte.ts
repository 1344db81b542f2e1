import type { PostingLimitEntry } from '$lib/domain/moderation.ts';
import { OpsApiError } from '$lib/ops/api.ts';
import { createModerationApi, type ModerationApi } from './api.ts';

/**
 * The console's list of posting limits in force in one municipality (issue 16, item 3), and an
 * admin lifting one early. As with the queue, the list changes only once the server recorded the
 * decision; a refusal is kept as `refusal`, on the limit it was about.
 */
export class PostingLimitsState {
	limits = $state.raw<PostingLimitEntry[]>([]);
	status = $state<'loading' | 'ready' | 'error'>('loading');
	loadError = $state<unknown>(null);
	busy = $state(false);
	refusal = $state<{ id: string; error: unknown } | null>(null);
	/** The last limit lifted here, for the page's status line. */
	lifted = $state<string | null>(null);
	readonly #api: ModerationApi;
	#asked = 0;

	constructor(
		readonly municipality: string,
		api: ModerationApi = createModerationApi()
	) {
		this.#api = api;
	}

	async load({ quiet = false }: { quiet?: boolean } = {}): Promise<void> {
		const asked = ++this.#asked;
		if (!quiet) {
			this.status = 'loading';
			this.loadError = null;
		}
		try {
			const limits = await this.#api.limits(this.municipality);
			if (asked !== this.#asked) return;
			this.limits = limits;
			this.loadError = null;
			this.status = 'ready';
		} catch (error) {
			if (asked !== this.#asked || quiet) return;
			this.loadError = error;
			this.status = 'error';
		}
	}

	/** An admin ends a limit before its date, with a reason for the record. */
	async lift(id: string, reason: string): Promise<boolean> {
		if (this.busy) return false;
		this.busy = true;
		this.refusal = null;
		this.lifted = null;
		try {
			await this.#api.lift(id, reason.trim());
			this.limits = this.limits.filter((limit) => limit.id !== id);
			this.lifted = id;
			return true;
		} catch (error) {
			this.refusal = { id, error };
			// It ended, or someone lifted it first: read the list again.
			if (error instanceof OpsApiError && [404, 409].includes(error.status)) await this.load({ quiet: true });
			return false;
		} finally {
			this.busy = false;
		}
	}
}
