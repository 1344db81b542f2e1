/**
 * When the outbox tries again after a failed send: 5 s, 10 s, 20 s … doubling up to 5 minutes,
 * each delay spread by ±20 % so a thousand phones coming back online do not knock at once.
 * `random` is injected so the schedule is testable.
 */
export const BACKOFF = { firstMs: 5_000, maxMs: 5 * 60_000, jitter: 0.2 } as const;

export function retryDelay(attempts: number, random: () => number = Math.random): number {
	const base = Math.min(BACKOFF.maxMs, BACKOFF.firstMs * 2 ** Math.max(0, attempts - 1));
	const spread = 1 + BACKOFF.jitter * (2 * random() - 1);
	return Math.round(base * spread);
}
