/** How a send attempt ended, as the outbox sees it. */
export type SendOutcome = 'sent' | 'retry' | 'rejected';

/**
 * Sorts an HTTP answer: 2xx is done; a 4xx other than 408/429 means the server will never take this
 * alert (it is malformed), so retrying would only drain the battery; anything else is retried.
 */
export function outcomeOf(status: number): SendOutcome {
	if (status >= 200 && status < 300) return 'sent';
	if (status >= 400 && status < 500 && status !== 408 && status !== 429) return 'rejected';
	return 'retry';
}

export interface Backoff {
	firstMs: number;
	maxMs: number;
}

export const defaultBackoff: Backoff = { firstMs: 2_000, maxMs: 5 * 60_000 };

/**
 * Delay before the next attempt after `attempts` failures: doubling from `firstMs`, capped at `maxMs`,
 * with up to 20 % random spread so many phones coming back online do not all call at once.
 * `random` is injectable for tests.
 */
export function retryDelay(attempts: number, backoff: Backoff = defaultBackoff, random: () => number = Math.random): number {
	const base = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, attempts - 1));
	return Math.round(base * (1 - 0.2 * random()));
}
