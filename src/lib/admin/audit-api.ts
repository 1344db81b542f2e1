import { opsApi, type OpsApi } from '$lib/ops/api.ts';

/** The record of staff decisions as the server gives it (server/audit/log.ts). */
export const auditKinds = ['incident', 'panic', 'staff', 'configuration'] as const;
export type AuditKind = (typeof auditKinds)[number];
export interface AuditEntry {
	id: string;
	at: string;
	kind: AuditKind;
	action: string;
	actor: { id: string; name: string | null } | null;
	subject: { type: 'incident' | 'panic' | 'staff' | 'municipality'; id: string; name: string | null };
	reason: string | null;
	replaced: string | null;
	result: string | null;
}

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
