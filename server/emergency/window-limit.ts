/**
 * At most `max` events per key in any `windowMs`, remembered in memory. Used to keep one address from
 * flooding the operator queue. Generous on purpose: many phones share one address behind a carrier's
 * NAT, and a refused alert is retried by the device with backoff, never lost.
 */
export class WindowLimit {
	readonly #hits = new Map<string, number[]>();

	constructor(
		readonly max: number,
		readonly windowMs: number,
		readonly now: () => number = Date.now
	) {}

	/** Records a hit and says whether it is allowed. */
	allow(key: string): boolean {
		const now = this.now();
		const recent = (this.#hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
		if (this.#hits.size > 10_000) this.#sweep(now);
		if (recent.length >= this.max) {
			this.#hits.set(key, recent);
			return false;
		}
		recent.push(now);
		this.#hits.set(key, recent);
		return true;
	}

	#sweep(now: number): void {
		for (const [key, hits] of this.#hits) if (hits.every((t) => now - t >= this.windowMs)) this.#hits.delete(key);
	}
}
