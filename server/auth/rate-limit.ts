/**
 * A token bucket per key: `capacity` events at once, refilled at `perSecond`. Pure apart from the
 * injected clock. Keys that are full again are swept so memory stays bounded.
 */
export class RateLimiter {
	private buckets = new Map<string, { tokens: number; at: number }>();
	private lastSweep: number;

	constructor(
		private readonly capacity: number,
		private readonly perSecond: number,
		private readonly now: () => number = Date.now
	) {
		this.lastSweep = now();
	}

	/** Takes one token. Returns 0 when allowed, otherwise the seconds until a token is available. */
	take(key: string, cost = 1): number {
		const now = this.now();
		this.sweep(now);
		const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
		bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
		bucket.at = now;
		this.buckets.set(key, bucket);
		if (bucket.tokens >= cost) {
			bucket.tokens -= cost;
			return 0;
		}
		return Math.max(1, Math.ceil((cost - bucket.tokens) / this.perSecond));
	}

	/** Forgets a key, e.g. after a successful sign-in. */
	reset(key: string): void {
		this.buckets.delete(key);
	}

	get size(): number {
		return this.buckets.size;
	}

	private sweep(now: number): void {
		if (now - this.lastSweep < 60_000) return;
		this.lastSweep = now;
		const full = (this.capacity / this.perSecond) * 1000;
		for (const [key, bucket] of this.buckets) if (now - bucket.at > full) this.buckets.delete(key);
	}
}
