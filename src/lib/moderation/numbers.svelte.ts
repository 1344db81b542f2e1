import { moderationCountsSchema, type ModerationCounts } from '$lib/domain/moderation.ts';

/**
 * A municipality's moderation in numbers (issue 16, item 5; `GET /api/moderation/counts`), for
 * its public page. Only the answer to the municipality asked last counts; no answer at all is
 * `offline`, a refusal or an answer the phone cannot read is `failed`.
 */
export class ModerationNumbers {
	counts = $state.raw<ModerationCounts | null>(null);
	status = $state<'idle' | 'loading' | 'ready' | 'offline' | 'failed'>('idle');
	#asked = 0;

	constructor(private readonly fetcher: typeof fetch = (...args) => fetch(...args)) {}

	async load(municipality: string): Promise<void> {
		const asked = ++this.#asked;
		this.status = 'loading';
		let response: Response;
		try {
			response = await this.fetcher(`/api/moderation/counts?municipality=${encodeURIComponent(municipality)}`, { headers: { accept: 'application/json' } });
		} catch {
			if (asked === this.#asked) this.status = 'offline';
			return;
		}
		const parsed = response.ok ? moderationCountsSchema.safeParse(await response.json().catch(() => null)) : null;
		if (asked !== this.#asked) return;
		if (!parsed?.success) {
			this.status = 'failed';
			return;
		}
		this.counts = parsed.data;
		this.status = 'ready';
	}
}
