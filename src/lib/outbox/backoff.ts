/** How soon an outbox tries again: doubling from `firstMs`, capped at `maxMs`. */
export interface Backoff {
	firstMs: number;
	maxMs: number;
}

/** The one jitter policy: each delay is spread by ±20 %, so a thousand phones coming back online do not knock at once. */
export const JITTER = 0.2;

/**
 * Delay before the next attempt after `attempts` failures: `firstMs`, twice that, … up to `maxMs`,
 * spread by ±`JITTER`. `random` is injectable, so the schedule is testable (0.5 gives the plain doubling).
 */
export function retryDelay(attempts: number, backoff: Backoff, random: () => number = Math.random): number {
	const base = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, attempts - 1));
	return Math.round(base * (1 + JITTER * (2 * random() - 1)));
}
