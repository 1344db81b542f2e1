import type { PublicReport, ReportStatus } from '$lib/domain/report.ts';

/**
 * What the resident last saw of a report (its page, or its card in "My reports"), kept only on the
 * device (`cuadra-reports.looks`), to say what changed since. Pure.
 */
export interface LastLook {
	id: string;
	status: ReportStatus;
	statusAt: string;
	closingMessage: string | null;
	/** When they looked, by the device's clock. */
	at: string;
}

/** `status`: it moved on (or back); `closing`: a closing message to read; `update`: something new at the same status (a public message). */
export type Change = { kind: 'status'; from: ReportStatus; to: ReportStatus } | { kind: 'closing' } | { kind: 'update' };

/** What the report shows now, as a look to remember. */
export const lookAt = (report: Pick<PublicReport, 'id' | 'status' | 'statusAt' | 'closingMessage'>, now: Date): LastLook => ({
	id: report.id,
	status: report.status,
	statusAt: report.statusAt,
	closingMessage: report.closingMessage,
	at: now.toISOString()
});

/**
 * What changed since `look`. With no look yet (followed from the suggestions, never opened) the
 * report is compared with a just-received one, so a status the resident never saw is news.
 */
export function changesSince(look: LastLook | undefined, report: Pick<PublicReport, 'status' | 'statusAt' | 'closingMessage' | 'receivedAt'>): Change[] {
	const before = look ?? { status: 'received' as const, statusAt: report.receivedAt, closingMessage: null };
	const out: Change[] = [];
	if (before.status !== report.status) out.push({ kind: 'status', from: before.status, to: report.status });
	if (report.closingMessage && report.closingMessage !== before.closingMessage) out.push({ kind: 'closing' });
	if (!out.length && before.statusAt !== report.statusAt && Date.parse(report.statusAt) > Date.parse(before.statusAt)) out.push({ kind: 'update' });
	return out;
}
