import { opsApi, type OpsApi } from '$lib/ops/api.ts';

export { auditKinds, type AuditEntry, type AuditKind } from '$lib/domain/audit.ts';
import type { AuditEntry, AuditKind } from '$lib/domain/audit.ts';

export interface AuditFilter {
	kind: AuditKind | '';
	actor: string;
	/** Dates as the date inputs give them (YYYY-MM-DD, the admin's own day), inclusive; '' for none. */
	from: string;
	to: string;
}

/** The query string of a filter: days become times at the start of that day (and of the day after `to`), in the browser's zone. */
export function auditQuery(municipality: string, filter: AuditFilter): string {
	const params = new URLSearchParams({ municipality });
	if (filter.kind) params.set('kind', filter.kind);
	if (filter.actor) params.set('actor', filter.actor);
	if (filter.from) params.set('from', new Date(`${filter.from}T00:00:00`).toISOString());
	if (filter.to) {
		const end = new Date(`${filter.to}T00:00:00`);
		end.setDate(end.getDate() + 1);
		params.set('to', end.toISOString());
	}
	return params.toString();
}

export function createAuditApi(api: Pick<OpsApi, 'request'> = opsApi) {
	return {
		entries: (municipality: string, filter: AuditFilter) => api.request<{ entries: AuditEntry[] }>('GET', `/api/audit?${auditQuery(municipality, filter)}`).then((r) => r.entries),
		/** A link the browser downloads with the session's cookie. */
		csvUrl: (municipality: string, filter: AuditFilter) => `/api/audit.csv?${auditQuery(municipality, filter)}`
	};
}
