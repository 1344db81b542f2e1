import { moderationReasons, type ModerationQueueItem, type ModerationReason } from '$lib/domain/moderation.ts';

/** One reason and how many people flagged the item for it. */
export interface ReasonCount {
	reason: ModerationReason;
	count: number;
}

/**
 * The reasons an item was flagged for, most flags first. A tie keeps the contract's order
 * (personal data first): the reason that harms most wins, so the form never preselects
 * "other" over a real one by chance.
 */
export function rankedReasons(reasons: ModerationQueueItem['reasons']): ReasonCount[] {
	return moderationReasons
		.map((reason) => ({ reason, count: reasons[reason] ?? 0 }))
		.filter((r) => r.count > 0)
		.sort((a, b) => b.count - a.count || moderationReasons.indexOf(a.reason) - moderationReasons.indexOf(b.reason));
}

/** The reason the Hide form starts with: the most flagged one; null when nobody flagged it (the operator chooses). */
export const preselectedReason = (reasons: ModerationQueueItem['reasons']): ModerationReason | null => rankedReasons(reasons)[0]?.reason ?? null;
