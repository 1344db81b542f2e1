import { opsApi, type OpsApi } from '$lib/ops/api.ts';
import type { HideableItem, ModeratedItem, ModerationQueue, ModerationQueueItem, ModerationReason, ModerationStatus, PostingLimitEntry, PostingLimits, ReviewOutcome, ReviewQueueEntry } from '$lib/domain/moderation.ts';

/**
 * The console's client for moderation (issue 16, `GET|POST /api/ops/moderation…`), over the
 * console's `request`: a refusal is an `OpsApiError` with the server's code (`not_found`,
 * `already_hidden`, `original_gone`, …) and an expired session signs in again in place.
 */

/** A message of a thread: the kind whose author can be limited. */
export type MessageItem = Extract<ModeratedItem, { kind: 'message' }>;

export const moderationQuery = (municipality: string, status: ModerationStatus): string => new URLSearchParams({ municipality, status }).toString();

export function createModerationApi(api: Pick<OpsApi, 'request'> = opsApi) {
	return {
		/** `open`: flagged and not decided since, most flags first; `hidden`: hidden messages, newest first (the server's order is kept). */
		queue: async (municipality: string, status: ModerationStatus) => (await api.request<ModerationQueue>('GET', `/api/ops/moderation?${moderationQuery(municipality, status)}`)).items,
		hide: async (item: HideableItem, reason: ModerationReason, note?: string) =>
			(await api.request<{ item: ModerationQueueItem }>('POST', '/api/ops/moderation/hide', { item, reason, ...(note ? { note } : {}) })).item,
		dismiss: async (item: ModeratedItem, note?: string): Promise<void> => {
			await api.request<Record<string, never>>('POST', '/api/ops/moderation/dismiss', { item, ...(note ? { note } : {}) });
		},
		/** Admins only (operators get 403); 410 `original_gone` once the retention period removed the original. */
		restore: async (item: HideableItem, reason: string) => (await api.request<{ item: ModerationQueueItem }>('POST', '/api/ops/moderation/restore', { item, reason })).item,
		/** A report's photo for its staff, hidden or not, while it is kept. */
		photoUrl: (report: string, id: string): string => `/api/ops/moderation/photo?${new URLSearchParams({ report, id })}`,
		/** Stops the message's author from writing in the municipality's threads for `days` (1–90); 409 `already_limited`, 422 for the municipality's or staff's messages. */
		limit: async (item: MessageItem, reason: ModerationReason, days: number, note?: string) =>
			(await api.request<{ limit: { id: string; until: string } }>('POST', '/api/ops/moderation/limits', { item, reason, days, ...(note ? { note } : {}) })).limit,
		/** The limits in force, soonest end first. */
		limits: async (municipality: string): Promise<PostingLimitEntry[]> =>
			(await api.request<PostingLimits>('GET', `/api/ops/moderation/limits?${new URLSearchParams({ municipality }).toString()}`)).limits,
		/** Admins only: ends a limit before its date; 409 `not_in_force` once it ended. */
		lift: async (id: string, reason: string): Promise<void> => {
			await api.request<Record<string, never>>('POST', '/api/ops/moderation/limits/lift', { id, reason });
		},
		/** Admins only: the reviews residents asked for and nobody decided yet, oldest first. */
		reviews: async (municipality: string): Promise<ReviewQueueEntry[]> =>
			(await api.request<{ reviews: ReviewQueueEntry[] }>('GET', `/api/ops/moderation/reviews?${new URLSearchParams({ municipality }).toString()}`)).reviews,
		/** Upholds or reverses a decision; 403 `own_decision` for whoever took it, 409 `already_reviewed`. */
		decideReview: async (id: string, outcome: ReviewOutcome, reason: string): Promise<void> => {
			await api.request<{ outcome: ReviewOutcome }>('POST', '/api/ops/moderation/reviews/decide', { id, outcome, reason });
		}
	};
}

export type ModerationApi = ReturnType<typeof createModerationApi>;
