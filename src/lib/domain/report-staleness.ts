/** After this long without an operator closing it, a report says "no update from the municipality". */
export const DEFAULT_STALE_AFTER_HOURS = 72;

export type Freshness =
	| { state: 'closed' }
	| { state: 'open'; ageMinutes: number }
	| { state: 'stale'; ageMinutes: number };

/**
 * Whether a report is still worth the reader's attention. A stale report is shown greyed, with its
 * age and "no update from the municipality", never as a live alert.
 */
export function freshness(report: { status: string; receivedAt: string }, now: Date, staleAfterHours = DEFAULT_STALE_AFTER_HOURS): Freshness {
	if (report.status === 'closed') return { state: 'closed' };
	const ageMinutes = Math.max(0, Math.floor((now.getTime() - Date.parse(report.receivedAt)) / 60_000));
	return ageMinutes >= staleAfterHours * 60 ? { state: 'stale', ageMinutes } : { state: 'open', ageMinutes };
}

export type Age = { unit: 'minutes' | 'hours' | 'days'; value: number };

/** A report's age in the largest unit that reads naturally ("3 hours", not "187 minutes"). */
export function age(ageMinutes: number): Age {
	if (ageMinutes < 60) return { unit: 'minutes', value: ageMinutes };
	if (ageMinutes < 48 * 60) return { unit: 'hours', value: Math.floor(ageMinutes / 60) };
	return { unit: 'days', value: Math.floor(ageMinutes / 1440) };
}
