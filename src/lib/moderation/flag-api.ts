import { signInDevice } from '$lib/account/device-credential.ts';
import { flagInputSchema, type FlagInput, type FlagReceipt } from '$lib/domain/moderation.ts';
import { sendOutcome } from '$lib/outbox/outcome.ts';

/**
 * How sending a flag ended, in the terms the resident is told:
 * - `sent`: the municipality has it (`counted` false: this person had flagged it already; same thanks);
 * - `offline`: no answer at all, so nothing was sent;
 * - `failed`: the server could not take it now (5xx, 408, an answer it should not give);
 * - `too_many`: rate limited, with when to try again (ms since the epoch) when the server said;
 * - `gone`: the message or report is not there any more;
 * - `signed_out`: the device is not signed in and could not sign in again;
 * - `refused`: the server will not take it as it is, with its words when it gave them;
 * - `invalid`: not sent, it is not a flag (`field`: what is missing or wrong).
 */
export type FlagResult =
	| { kind: 'sent'; counted: boolean }
	| { kind: 'offline' }
	| { kind: 'failed' }
	| { kind: 'too_many'; retryAt: number | null }
	| { kind: 'gone' }
	| { kind: 'signed_out' }
	| { kind: 'refused'; message: string | null }
	| { kind: 'invalid'; field: 'item' | 'reason' | 'note' };

export interface FlagOptions {
	fetch?: typeof fetch;
	/** After a 401: sign in again; true to try once more. Without it, a 401 is `signed_out`. */
	reauthenticate?: () => Promise<boolean>;
	/** Now (ms), to read a `retry-after` given in seconds. */
	now?: () => number;
}

/** `POST /api/moderation/flags`: a resident flags a message or a report. Never throws. */
export async function sendFlag(input: FlagInput, options: FlagOptions = {}): Promise<FlagResult> {
	const parsed = flagInputSchema.safeParse(input);
	if (!parsed.success) {
		const field = parsed.error.issues[0]?.path[0];
		return { kind: 'invalid', field: field === 'reason' || field === 'note' ? field : 'item' };
	}
	const fetcher = options.fetch ?? ((...args) => fetch(...args));
	const post = () =>
		sendOutcome(() =>
			fetcher('/api/moderation/flags', {
				method: 'POST',
				credentials: 'same-origin',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(parsed.data)
			})
		);
	let { outcome, response } = await post();
	// The session may have ended (the device's cookie expired): the device signs itself in with its
	// own credential, as the thread does after a 4401, and tries once more.
	if (response?.status === 401 && options.reauthenticate && (await options.reauthenticate())) ({ outcome, response } = await post());
	if (!response) return { kind: 'offline' };
	if (outcome === 'sent') return { kind: 'sent', counted: (await bodyOf<FlagReceipt>(response))?.counted !== false };
	switch (response.status) {
		case 401:
			return { kind: 'signed_out' };
		case 404:
			return { kind: 'gone' };
		case 429:
			return { kind: 'too_many', retryAt: retryAt(response.headers.get('retry-after'), options.now?.() ?? Date.now()) };
	}
	if (outcome === 'retry') return { kind: 'failed' };
	return { kind: 'refused', message: errorMessage(await bodyOf(response)) };
}

/**
 * Signs the device in again with its own credential (device-credential.ts), in the home
 * municipality the resident chose, for `FlagOptions.reauthenticate`.
 */
export function signInAgain(homeMunicipality: string | null): () => Promise<boolean> {
	return async () => {
		try {
			await signInDevice({ store: localStorage, ...(homeMunicipality ? { municipalityId: homeMunicipality } : {}) });
			return true;
		} catch {
			return false;
		}
	};
}

async function bodyOf<T>(response: Response): Promise<Partial<T> | null> {
	try {
		const body = (await response.json()) as unknown;
		return body && typeof body === 'object' ? (body as Partial<T>) : null;
	} catch {
		return null;
	}
}

/** The server's words from `{ error: { code, message } }` (the API's one shape) or a bare `{ code, message }`. */
function errorMessage(body: { error?: unknown; message?: unknown } | null): string | null {
	const inner = body?.error && typeof body.error === 'object' ? (body.error as { message?: unknown }) : body;
	const message = inner?.message;
	return typeof message === 'string' && message.trim() ? message.trim() : null;
}

/** `retry-after`: seconds, or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAt(header: string | null, now: number): number | null {
	if (!header) return null;
	const value = header.trim();
	if (/^\d+$/.test(value)) return now + Number(value) * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? null : Math.max(now, date);
}
