/**
 * "Say that it worked": one short confirmation, shown under the header of the page the person lands
 * on after doing something (a report sent, a report followed), and read out by screen readers from a
 * live region that stays in the layout across navigations.
 *
 * A message shown just before a navigation survives that navigation and goes at the next one.
 */
export interface FlashMessage {
	/** Text in the current language, computed when shown (so a language switch re-renders it). */
	readonly text: () => string;
	/** After a practice report: offer to send the next one for real. */
	readonly offerLeavePractice?: boolean;
	/** Increases with every message, so the same text twice is announced twice. */
	readonly serial: number;
}

export class Flash {
	current = $state.raw<FlashMessage | null>(null);
	#serial = 0;
	#fresh = false;

	show(text: () => string, options: { offerLeavePractice?: boolean } = {}): void {
		this.current = { text, serial: ++this.#serial, ...(options.offerLeavePractice ? { offerLeavePractice: true } : {}) };
		this.#fresh = true;
	}

	/** After each navigation: a message shown for this navigation stays, an older one goes. */
	navigated(): void {
		if (this.#fresh) this.#fresh = false;
		else this.current = null;
	}

	clear(): void {
		this.current = null;
		this.#fresh = false;
	}
}

export const flash = new Flash();
