import { ownDecisionsSchema, reviewRequestSchema, type OwnDecision, type ReviewableKind } from '$lib/domain/moderation.ts';
import { sendOutcome } from '$lib/outbox/outcome.ts';
import { retryAt } from './flag-api.ts';

/**
 * The municipality's decisions about this resident, as their phone reads them (issue 16;
 * `GET /api/moderation/mine`): messages of theirs it hid, limits on their writing, and the reviews
 * they asked for. Why, when and until when, never who. `unknown` when the server could not be
 * asked (offline, signed out, a failure): what the phone showed stays, and the sync server
 * refuses a limited resident's message all the same.
 */
export type AboutMe = { kind: 'known'; decisions: OwnDecision[] } | { kind: 'unknown' };

export async function fetchAboutMe(fetcher: typeof fetch = (...args) => fetch(...args)): Promise<AboutMe> {
	try {
		const response = await fetcher('/api/moderation/mine', { credentials: 'same-origin', headers: { accept: 'application/json' }, cache: 'no-store' });
		if (!response.ok) return { kind: 'unknown' };
		const parsed = ownDecisionsSchema.safeParse(await response.json());
		return parsed.success ? { kind: 'known', decisions: parsed.data.decisions } : { kind: 'unknown' };
	} catch {
		return { kind: 'unknown' };
	}
}

/** An ISO time from ms since the epoch. */
export const isoTime = (ms: number): string => new Date(ms).toISOString();

/** The limit on writing in force in this municipality at `now` (ms), the one ending last; null: none. */
export function limitIn(decisions: readonly OwnDecision[], municipality: string, now: number): OwnDecision | null {
	let found: OwnDecision | null = null;
	for (const d of decisions) {
		if (d.kind !== 'limited' || !d.inForce || d.municipalityId !== municipality || !d.until || Date.parse(d.until) <= now) continue;
		if (!found || Date.parse(d.until) > Date.parse(found.until ?? '')) found = d;
	}
	return found;
}

/**
 * How asking for a review ended: `sent`; `already` (asked before: once per decision); `gone`
 * (the decision no longer holds, or is not about this person); `offline`; `failed` (try later);
 * `too_many` (with when, if the server said); `invalid` (the reason is too short or too long).
 */
export type ReviewAskResult = { kind: 'sent' } | { kind: 'already' } | { kind: 'gone' } | { kind: 'offline' } | { kind: 'failed' } | { kind: 'too_many'; retryAt: number | null } | { kind: 'invalid' };

/** `POST /api/moderation/reviews`. Never throws. */
export async function askReview(decision: { kind: ReviewableKind; id: string }, reason: string, fetcher: typeof fetch = (...args) => fetch(...args), now: () => number = Date.now): Promise<ReviewAskResult> {
	const parsed = reviewRequestSchema.safeParse({ decision, reason });
	if (!parsed.success) return { kind: 'invalid' };
	const { outcome, response } = await sendOutcome(() =>
		fetcher('/api/moderation/reviews', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(parsed.data) })
	);
	if (!response) return { kind: 'offline' };
	if (outcome === 'sent') return { kind: 'sent' };
	if (response.status === 409) {
		const code = await errorCode(response);
		return code === 'already_asked' ? { kind: 'already' } : { kind: 'gone' };
	}
	if (response.status === 404) return { kind: 'gone' };
	if (response.status === 429) return { kind: 'too_many', retryAt: retryAt(response.headers.get('retry-after'), now()) };
	if (response.status === 400) return { kind: 'invalid' };
	return { kind: 'failed' };
}

async function errorCode(response: Response): Promise<string | null> {
	try {
		const body = (await response.json()) as { error?: { code?: unknown } };
		return typeof body.error?.code === 'string' ? body.error.code : null;
	} catch {
		return null;
	}
}
