import { ownPostingLimitsSchema, type OwnPostingLimit } from '$lib/domain/moderation.ts';

/**
 * What the resident's phone knows of its own posting limits (issue 16, item 3;
 * `GET /api/moderation/limits/mine`): why and until when, never who decided. `unknown` when the
 * server could not be asked (offline, signed out, a failure): the thread then stays as it was,
 * and the sync server refuses a limited resident's message all the same.
 */
export type OwnLimits = { kind: 'known'; limits: OwnPostingLimit[] } | { kind: 'unknown' };

export async function fetchOwnLimits(fetcher: typeof fetch = (...args) => fetch(...args)): Promise<OwnLimits> {
	try {
		const response = await fetcher('/api/moderation/limits/mine', { credentials: 'same-origin', headers: { accept: 'application/json' }, cache: 'no-store' });
		if (!response.ok) return { kind: 'unknown' };
		const parsed = ownPostingLimitsSchema.safeParse(await response.json());
		return parsed.success ? { kind: 'known', limits: parsed.data.limits } : { kind: 'unknown' };
	} catch {
		return { kind: 'unknown' };
	}
}

/** The limit in force in this municipality at `now` (ms), the one ending last; null: none. */
export function limitIn(limits: readonly OwnPostingLimit[], municipality: string, now: number): OwnPostingLimit | null {
	let found: OwnPostingLimit | null = null;
	for (const limit of limits) {
		if (limit.municipalityId !== municipality || Date.parse(limit.until) <= now) continue;
		if (!found || Date.parse(limit.until) > Date.parse(found.until)) found = limit;
	}
	return found;
}
