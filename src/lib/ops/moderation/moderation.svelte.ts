import { itemKey, type HideableItem, type ModeratedItem, type ModerationQueueItem, type ModerationReason, type ModerationStatus } from '$lib/domain/moderation.ts';
import { OpsApiError } from '$lib/ops/api.ts';
import { createModerationApi, type MessageItem, type ModerationApi } from './api.ts';
import type { Done } from './text.ts';

/**
 * The console's moderation page (issue 16): one municipality's queue, in one of two views
 * (flagged and not decided since, or hidden), and the decisions taken on it. A decision goes to
 * the server first; only once it is recorded does the item leave the list, so what is shown is
 * what the server decided. A refusal is kept as `refusal` (the page says it with `refusalText`).
 */
export class ModerationState {
	view = $state<ModerationStatus>('open');
	items = $state.raw<ModerationQueueItem[]>([]);
	status = $state<'loading' | 'ready' | 'error'>('loading');
	loadError = $state<unknown>(null);
	/** A decision is on its way: the page disables the others, so one click is one decision. */
	busy = $state(false);
	/** Why the last decision was refused, and on which item (the page says it in that item's card, or above the list once the item has gone). */
	refusal = $state<{ key: string; error: unknown } | null>(null);
	done = $state<Done | null>(null);
	readonly #api: ModerationApi;
	#asked = 0;

	constructor(
		readonly municipality: string,
		api: ModerationApi = createModerationApi()
	) {
		this.#api = api;
	}

	/** Switches to the other view; what was said about the last one no longer applies. */
	async show(view: ModerationStatus): Promise<void> {
		if (view === this.view && this.status !== 'error') return;
		this.view = view;
		this.done = null;
		this.refusal = null;
		await this.load();
	}

	/**
	 * Reads the current view. Only the answer to the latest question counts (switching views fast
	 * must not show the flagged items under "Hidden"). A quiet load keeps the list on screen
	 * while it asks, and keeps it if asking fails: it follows a refused decision.
	 */
	async load({ quiet = false }: { quiet?: boolean } = {}): Promise<void> {
		const asked = ++this.#asked;
		const view = this.view;
		if (!quiet) {
			this.status = 'loading';
			this.loadError = null;
		}
		try {
			const items = await this.#api.queue(this.municipality, view);
			if (asked !== this.#asked) return;
			this.items = items;
			this.loadError = null;
			this.status = 'ready';
		} catch (error) {
			if (asked !== this.#asked || quiet) return;
			this.loadError = error;
			this.status = 'error';
		}
	}

	/** Hides `item`: the listed entry itself, or a part of the listed report (`listed`), which then leaves the list. */
	hide(item: HideableItem, reason: ModerationReason, note = '', listed: ModeratedItem = item): Promise<boolean> {
		return this.#decide(listed, async () => {
			const hidden = await this.#api.hide(item, reason, note.trim() || undefined);
			return { action: 'hidden', reason: hidden.hidden?.reason ?? reason };
		});
	}

	dismiss(item: ModeratedItem, note = ''): Promise<boolean> {
		return this.#decide(item, async () => {
			await this.#api.dismiss(item, note.trim() || undefined);
			return { action: 'dismissed' };
		});
	}

	restore(item: HideableItem, reason: string): Promise<boolean> {
		return this.#decide(item, async () => {
			await this.#api.restore(item, reason.trim());
			return { action: 'restored' };
		});
	}

	/**
	 * Stops the message's author from writing in the municipality's threads for `days`. The item
	 * stays in the list: limiting its author decides nothing about the message itself.
	 */
	limit(item: MessageItem, reason: ModerationReason, days: number, note = ''): Promise<boolean> {
		return this.#decide(
			item,
			async () => {
				const limit = await this.#api.limit(item, reason, days, note.trim() || undefined);
				return { action: 'limited', until: limit.until };
			},
			{ keep: true }
		);
	}

	async #decide(item: ModeratedItem, run: () => Promise<Done>, { keep = false }: { keep?: boolean } = {}): Promise<boolean> {
		if (this.busy) return false;
		this.busy = true;
		this.refusal = null;
		this.done = null;
		const key = itemKey(item);
		try {
			const done = await run();
			// Hidden, dismissed or restored, it belongs to neither view's list any more as it was.
			if (!keep) this.items = this.items.filter((entry) => itemKey(entry.item) !== key);
			this.done = done;
			return true;
		} catch (error) {
			this.refusal = { key, error };
			// Someone else decided first (409), the message is gone (404), the original expired (410):
			// the server knows better than this list, so read it again.
			if (error instanceof OpsApiError && [404, 409, 410].includes(error.status)) await this.load({ quiet: true });
			return false;
		} finally {
			this.busy = false;
		}
	}
}

/**
 * Where the focus goes once an item leaves the list: the item that took its place, else the one
 * before it; null when the list is now empty (the page focuses its empty state).
 */
export function focusAfter(items: readonly ModerationQueueItem[], key: string): string | null {
	const at = items.findIndex((entry) => itemKey(entry.item) === key);
	if (at === -1) return null;
	const next = items[at + 1] ?? items[at - 1];
	return next ? itemKey(next.item) : null;
}
