import type { OwnDecision } from '$lib/domain/moderation.ts';
import { askReview, fetchAboutMe, isoTime, limitIn, type ReviewAskResult } from './about-me-api.ts';

/** setTimeout's longest wait (about 24.8 days); a longer limit is looked at again after that. */
const MAX_WAIT = 2 ** 31 - 1;

/**
 * What a thread shows of the municipality's decisions about this resident: the limit on their
 * writing in its municipality (reason and end), the messages of theirs it hid, and the review of
 * each they may ask for once. Asked when the thread opens and after the server refused a message;
 * the limit stops counting at its end.
 */
export class DecisionsAboutMe {
	decisions = $state.raw<OwnDecision[]>([]);
	/** Now, moved on when a limit ends, so `limit` follows the clock. */
	#now = $state(0);
	#timer: ReturnType<typeof setTimeout> | undefined;
	#asked = 0;

	constructor(
		readonly municipality: string,
		private readonly fetcher?: typeof fetch,
		private readonly now: () => number = Date.now
	) {
		this.#now = now();
	}

	/** The limit on writing here now; null: they may write. */
	get limit(): OwnDecision | null {
		return limitIn(this.decisions, this.municipality, this.#now);
	}

	/** The decision that hid this message of theirs; undefined: not theirs, or not hidden. */
	hidden(thread: string, messageId: string): OwnDecision | undefined {
		return this.decisions.find((d) => d.kind === 'hidden' && d.thread === thread && d.messageId === messageId);
	}

	/** The decisions that hid parts of this report of theirs (its description, a photo), holding or reviewed; empty: not theirs, or nothing hidden. */
	reportParts(reportId: string): OwnDecision[] {
		return this.decisions.filter((d) => d.kind === 'hidden' && d.report === reportId);
	}

	/** The review of an incident's closing this person asked for (with a request to reopen their report), and its outcome; undefined: none. */
	closingReview(reportId: string): OwnDecision | undefined {
		return this.decisions.find((d) => d.kind === 'closed' && d.report === reportId);
	}

	async check(): Promise<void> {
		const asked = ++this.#asked;
		const answer = await fetchAboutMe(this.fetcher);
		if (asked !== this.#asked || answer.kind === 'unknown') return;
		this.decisions = answer.decisions;
		this.#tick();
	}

	/** Asks for a review of one decision; on success (or when it was asked already) the decision reads as waiting. */
	async ask(decision: OwnDecision, reason: string): Promise<ReviewAskResult> {
		const result = await askReview({ kind: decision.kind, id: decision.id }, reason, this.fetcher, this.now);
		if (result.kind === 'sent' || result.kind === 'already') {
			const asked = isoTime(this.now());
			this.decisions = this.decisions.map((d) => (d.id === decision.id && d.kind === decision.kind && !d.review ? { ...d, review: { status: 'pending', asked, reason: null, decidedAt: null } } : d));
			if (result.kind === 'already') void this.check();
		}
		return result;
	}

	destroy(): void {
		clearTimeout(this.#timer);
		this.#asked++;
	}

	#tick(): void {
		clearTimeout(this.#timer);
		this.#now = this.now();
		const limit = this.limit;
		if (!limit?.until) return;
		const wait = Date.parse(limit.until) - this.#now;
		this.#timer = setTimeout(() => this.#tick(), Math.min(Math.max(wait, 0), MAX_WAIT));
	}
}
