import type { FlagInput, ModeratedItem, ModerationReason } from '$lib/domain/moderation.ts';
import type { FlagResult } from './flag-api.ts';

/** Why a flag did not go: something to fix in the form (`reason`, `note`), or how sending ended. */
export type FlagProblem = { kind: 'reason' } | { kind: 'note' } | Exclude<FlagResult, { kind: 'sent' } | { kind: 'invalid' }>;

/**
 * The flag being written in the flag dialog (FlagDialog.svelte): what it is about, the reason, the
 * note, and how sending went. Sending is given in the constructor (flag-api.ts's `sendFlag` in the
 * app), so the spec runs with plain functions.
 */
export class FlagForm {
	item = $state.raw<ModeratedItem | null>(null);
	reason = $state<ModerationReason | null>(null);
	note = $state('');
	sending = $state(false);
	/** The municipality has it (counted or not: the resident is thanked the same). */
	done = $state(false);
	problem = $state.raw<FlagProblem | null>(null);
	/** "Other" says nothing by itself: the note is what the municipality reads. */
	readonly noteRequired = $derived(this.reason === 'other');
	readonly #send: (input: FlagInput) => Promise<FlagResult>;
	/** Which flag this is: an answer that comes back after `start` belongs to an earlier one. */
	#round = 0;

	constructor(send: (input: FlagInput) => Promise<FlagResult>) {
		this.#send = send;
	}

	/** A fresh flag of `item`: nothing chosen, nothing written. */
	start(item: ModeratedItem): void {
		this.#reset(item);
	}

	/** The dialog closed: the flag is dropped, and an answer still on its way is ignored. */
	clear(): void {
		this.#reset(null);
	}

	#reset(item: ModeratedItem | null): void {
		this.#round++;
		this.item = item;
		this.reason = null;
		this.note = '';
		this.sending = false;
		this.done = false;
		this.problem = null;
	}

	/** Sends it; true once the municipality has it. A problem stays in `problem` and nothing typed is lost. */
	async submit(): Promise<boolean> {
		const item = this.item;
		if (!item || this.sending || this.done) return false;
		if (!this.reason) return this.#fail({ kind: 'reason' });
		const note = this.note.trim();
		if (this.noteRequired && !note) return this.#fail({ kind: 'note' });
		const round = this.#round;
		this.sending = true;
		this.problem = null;
		const result = await this.#send({ item, reason: this.reason, ...(note ? { note } : {}) });
		// Started over while it was on its way: that answer is not this flag's.
		if (round !== this.#round) return false;
		this.sending = false;
		if (result.kind === 'sent') {
			this.done = true;
			return true;
		}
		// The form checks reason and note as the schema does; an item that is not one is not the resident's to fix.
		if (result.kind === 'invalid') return this.#fail(result.field === 'item' ? { kind: 'refused', message: null } : { kind: result.field });
		return this.#fail(result);
	}

	#fail(problem: FlagProblem): false {
		this.problem = problem;
		return false;
	}
}
