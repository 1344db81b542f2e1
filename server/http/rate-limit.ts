/**
 * Rate limiting: one algorithm (a token bucket per key) behind one interface whose store can be
 * swapped. `MemoryRateLimitStore` keeps the buckets in this process; a store shared by several
 * processes (Redis) implements `RateLimitStore` with the same arithmetic (`refill`) in one script.
 */

/** A named limit: `capacity` events at once, refilled at `perSecond`. */
export interface RateRule {
	/** Unique among rules; endpoints that share a budget share the rule. */
	name: string;
	capacity: number;
	perSecond: number;
}

/** `count` events per `seconds`, all at once if need be. */
export function perWindow(name: string, count: number, seconds: number): RateRule {
	return { name, capacity: count, perSecond: count / seconds };
}

export interface RateLimitStore {
	/** Takes `cost` tokens from `key`'s bucket under `rule`: 0 when allowed, else the seconds until there are enough. */
	take(rule: RateRule, key: string, cost?: number): Promise<number>;
	/** Forgets `key`'s bucket under `rule`, e.g. after a successful sign-in. */
	reset(rule: RateRule, key: string): Promise<void>;
}

interface Bucket {
	tokens: number;
	at: number;
}

/** The one algorithm: `bucket` brought to `now` and `cost` taken from it when there is enough. Returns the wait in seconds (0: taken). */
export function refill(bucket: Bucket, capacity: number, perSecond: number, now: number, cost: number): number {
	bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
	bucket.at = now;
	if (bucket.tokens >= cost) {
		bucket.tokens -= cost;
		return 0;
	}
	return Math.max(1, Math.ceil((cost - bucket.tokens) / perSecond));
}

/**
 * A token bucket per key, in memory and synchronous (the sync server counts every websocket
 * message with one). Pure apart from the injected clock. Keys that are full again are swept so
 * memory stays bounded.
 */
export class RateLimiter {
	private buckets = new Map<string, Bucket>();
	private lastSweep: number;

	constructor(
		private readonly capacity: number,
		private readonly perSecond: number,
		private readonly now: () => number = Date.now
	) {
		this.lastSweep = now();
	}

	/** Takes `cost` tokens. Returns 0 when allowed, otherwise the seconds until they are available. */
	take(key: string, cost = 1): number {
		const now = this.now();
		this.sweep(now);
		const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
		this.buckets.set(key, bucket);
		return refill(bucket, this.capacity, this.perSecond, now, cost);
	}

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

/** The buckets of every rule, in this process. */
export class MemoryRateLimitStore implements RateLimitStore {
	readonly #limiters = new Map<string, { rule: RateRule; limiter: RateLimiter }>();

	constructor(private readonly now: () => number = Date.now) {}

	async take(rule: RateRule, key: string, cost = 1): Promise<number> {
		return this.#limiter(rule).take(key, cost);
	}

	async reset(rule: RateRule, key: string): Promise<void> {
		this.#limiter(rule).reset(key);
	}

	#limiter(rule: RateRule): RateLimiter {
		let entry = this.#limiters.get(rule.name);
		if (!entry) {
			entry = { rule, limiter: new RateLimiter(rule.capacity, rule.perSecond, this.now) };
			this.#limiters.set(rule.name, entry);
		} else if (entry.rule.capacity !== rule.capacity || entry.rule.perSecond !== rule.perSecond) {
			throw new Error(`Two rate-limit rules are named ${rule.name}`);
		}
		return entry.limiter;
	}
}
