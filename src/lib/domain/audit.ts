/**
 * The record of staff decisions, as the server gives it to the console (server/audit/log.ts,
 * `GET /api/audit`) and the admin's screen reads it (src/routes/ops/admin/audit).
 */
export const auditKinds = ['incident', 'panic', 'staff', 'configuration', 'moderation'] as const;
export type AuditKind = (typeof auditKinds)[number];

export interface AuditEntry {
	id: string;
	at: string;
	kind: AuditKind;
	/** The decision, as its source names it: `acknowledged`, `closed`, `merged`, `added`, `updated`… */
	action: string;
	/** Null: the server operator's command line (`npm run staff`, `npm run municipality`). */
	actor: { id: string; name: string | null } | null;
	/** What it was about: an incident, a panic alert, a staff member, the configuration. */
	subject: { type: 'incident' | 'panic' | 'staff' | 'municipality' | 'message' | 'report'; id: string; name: string | null };
	reason: string | null;
	/** What it replaced (the state before, the role removed, …), and what it set, where that applies. */
	replaced: string | null;
	result: string | null;
}
