/**
 * Visits every member of a live set once per round, a slice at a time: `next` returns the next
 * `count` members, starting a new round when the last one ends. Members added meanwhile are
 * visited in the current round (a Set iterator sees them), removed ones are skipped.
 */
export class RoundRobin<T> {
	private cursor: Iterator<T> | null = null;

	constructor(private readonly members: Set<T>) {}

	next(count: number): T[] {
		const slice: T[] = [];
		while (slice.length < count) {
			this.cursor ??= this.members.values();
			const step = this.cursor.next();
			if (step.done) {
				this.cursor = null;
				// One round per call at most: a small set is not visited twice in one slice.
				break;
			}
			slice.push(step.value);
		}
		return slice;
	}
}

/**
 * Calls `beat` on every member of `members` once per `periodMs`, spread over ticks of `tickMs`:
 * each tick takes its share of the set, so thousands of sockets are never pinged in one burst
 * (which held the event loop, and every client's next message, for tens of milliseconds).
 */
export function spreadOverPeriod<T>(members: Set<T>, beat: (member: T) => void, periodMs: number, tickMs = 1_000): () => void {
	const ticks = Math.max(1, Math.round(periodMs / tickMs));
	const rounds = new RoundRobin(members);
	const timer = setInterval(() => {
		for (const member of rounds.next(Math.ceil(members.size / ticks))) beat(member);
	}, tickMs);
	timer.unref();
	return () => clearInterval(timer);
}
