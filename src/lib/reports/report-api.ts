import { publicReportSchema, type PublicReport } from '$lib/domain/report.ts';
import { sendOutcome } from '$lib/outbox/outcome.ts';

/** What `GET /api/reports/:id` gave: the report, `missing` (no such public report) or `failed` (no connection, a server error). */
export type FetchedReport = { kind: 'ok'; report: PublicReport } | { kind: 'missing' } | { kind: 'failed' };

/** A public report by id, for a shared link opened on a device that does not hold its feed. Never throws. */
export async function fetchPublicReport(id: string, fetcher: typeof fetch = fetch): Promise<FetchedReport> {
	try {
		const response = await fetcher(`/api/reports/${encodeURIComponent(id)}`, { headers: { accept: 'application/json' } });
		if (response.status === 404 || response.status === 400) return { kind: 'missing' };
		if (!response.ok) return { kind: 'failed' };
		const body = (await response.json()) as unknown;
		const parsed = publicReportSchema.safeParse(body && typeof body === 'object' && 'report' in body ? body.report : body);
		return parsed.success ? { kind: 'ok', report: parsed.data } : { kind: 'failed' };
	} catch {
		return { kind: 'failed' };
	}
}

export type ReopenResult = 'sent' | 'already' | 'refused' | 'failed';

/** `POST /api/reports/:id/reopen-request`: the reporter of a closed report asks for it to be reopened, once per closing. */
export async function requestReopen(id: string, reason: string, fetcher: typeof fetch = fetch): Promise<ReopenResult> {
	const { outcome, response } = await sendOutcome(() =>
		fetcher(`/api/reports/${encodeURIComponent(id)}/reopen-request`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify({ reason })
		})
	);
	if (response?.status === 409) return 'already';
	return outcome === 'retry' ? 'failed' : outcome;
}

const askedKey = (id: string) => `cuadra-reopen-asked:${id}`;

/** Whether this device already asked for the report to be reopened (kept in localStorage; the server refuses a second request anyway). */
export const reopenMemory = {
	asked(id: string): boolean {
		try {
			return localStorage.getItem(askedKey(id)) !== null;
		} catch {
			return false;
		}
	},
	remember(id: string): void {
		try {
			localStorage.setItem(askedKey(id), new Date().toISOString());
		} catch {
			// Storage unavailable: the server still refuses a second request.
		}
	}
};
