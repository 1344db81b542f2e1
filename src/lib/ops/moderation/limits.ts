import { POSTING_LIMIT_MAX_DAYS } from '$lib/domain/moderation.ts';

/** The periods the console offers for a posting limit, in days; the longest is the server's limit. */
export const LIMIT_DAYS = [1, 3, 7, 14, 30, POSTING_LIMIT_MAX_DAYS] as const;
export const DEFAULT_LIMIT_DAYS = 7;
