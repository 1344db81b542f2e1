/**
 * What an operator is typing into the console's text fields (a message, a note, a closing text),
 * kept in this tab's sessionStorage until it is sent, so neither an expired session nor a reload
 * loses it. Keys name the field and what it belongs to, e.g. `note:<incidentId>`.
 *
 *     <textarea bind:value={() => drafts.get(key), (v) => drafts.set(key, v)}></textarea>
 *     ... after the server accepted it: drafts.clear(key)
 */
const PREFIX = 'cuadra.ops.draft.';

export class Drafts {
	#texts = $state<Record<string, string>>({});
	#storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;

	constructor(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null = typeof sessionStorage === 'undefined' ? null : sessionStorage) {
		this.#storage = storage;
	}

	get(key: string): string {
		if (!(key in this.#texts)) {
			const kept = this.#read(key);
			if (kept) this.#texts[key] = kept;
			return kept;
		}
		return this.#texts[key] ?? '';
	}

	set(key: string, text: string): void {
		this.#texts[key] = text;
		try {
			if (text) this.#storage?.setItem(PREFIX + key, text);
			else this.#storage?.removeItem(PREFIX + key);
		} catch {
			// Storage full or blocked: the draft still lives in memory for this page.
		}
	}

	clear(key: string): void {
		this.set(key, '');
	}

	#read(key: string): string {
		try {
			return this.#storage?.getItem(PREFIX + key) ?? '';
		} catch {
			return '';
		}
	}
}

export const drafts = new Drafts();
