import type { Db } from '../db/index.ts';
import { reportsStore, type ReportTables } from '../reports/schema.ts';
import { staffLog } from '../staff/audit.ts';
import { municipalityChanges } from '../municipalities/store.ts';
import { auditKinds, type AuditEntry, type AuditKind } from '../../src/lib/domain/audit.ts';
import type { ModeratedItem } from '../../src/lib/domain/moderation.ts';
import { moderationStore } from '../moderation/schema.ts';
import type { SyncDocs } from '../sync/docs.ts';

/**
 * The record of staff decisions in a municipality, read as one log (issue 16, item 5; issue 17,
 * item 3): the incidents' lifecycle decisions and merges (`incident_event`), the panic alerts'
 * (`panic_event`), staff changes (`staff_audit`), configuration changes (`municipality_change`)
 * and moderation decisions (`moderation_decision`, `posting_limit`, and reviews' outcomes in
 * `moderation_review`), and admins' rollbacks of sync writes (through `SyncDocs.rollbacks`).
 * Each source is append-only and written in the transaction of its decision; this module only
 * reads them. Every entry says who (the staff member), when, what, why and what it replaced.
 * Residents' own events (a report received, a reopening asked for) and staff notes are not
 * decisions and are left out.
 */
export { auditKinds, type AuditEntry, type AuditKind } from '../../src/lib/domain/audit.ts';

export interface AuditFilter {
	municipalityId: string;
	actorId?: string;
	kind?: AuditKind;
	/** ISO times, inclusive from, exclusive to. */
	from?: string;
	to?: string;
	limit?: number;
}

/** Incident events that are staff decisions (src/lib/domain/lifecycle.ts names them). */
const incidentDecisions = ['acknowledged', 'dispatched', 'referred', 'message', 'called', 'closed', 'reopened', 'merged', 'merged_in', 'split'];

const stateOf = (data: string | null): string | null => {
	if (!data) return null;
	const parsed = JSON.parse(data) as { state?: unknown };
	return typeof parsed.state === 'string' ? parsed.state : null;
};

async function incidentEntries(db: Db, filter: AuditFilter, limit: number): Promise<AuditEntry[]> {
	const store = reportsStore(db);
	let query = store
		.selectFrom('incident_event as e')
		.innerJoin('incident', 'incident.id', 'e.incident_id')
		.innerJoin('user', 'user.id', 'e.actor_id')
		.select(['e.id', 'e.incident_id', 'e.seq', 'e.type', 'e.at', 'e.reason', 'e.data', 'e.actor_id', 'user.display_name', 'user.username'])
		.where('incident.municipality_id', '=', filter.municipalityId)
		.where('e.type', 'in', incidentDecisions)
		.where('user.kind', '=', 'staff');
	if (filter.actorId) query = query.where('e.actor_id', '=', filter.actorId);
	if (filter.from) query = query.where('e.at', '>=', filter.from);
	if (filter.to) query = query.where('e.at', '<', filter.to);
	const rows = await query.orderBy('e.at', 'desc').orderBy('e.id', 'desc').limit(limit).execute();
	if (!rows.length) return [];
	// What each decision replaced: the state the incident's previous event left it in.
	const ids = [...new Set(rows.map((r) => r.incident_id))];
	const history = await store.selectFrom('incident_event').select(['incident_id', 'seq', 'data']).where('incident_id', 'in', ids).orderBy('seq').execute();
	const before = (incidentId: string, seq: number) => {
		let state: string | null = null;
		for (const h of history) if (h.incident_id === incidentId && h.seq < seq) state = stateOf(h.data) ?? state;
		return state;
	};
	return rows.map((r) => ({
		id: r.id,
		at: r.at,
		kind: 'incident' as const,
		action: r.type,
		actor: { id: r.actor_id ?? '', name: r.display_name ?? r.username },
		subject: { type: 'incident' as const, id: r.incident_id, name: null },
		reason: r.reason,
		replaced: before(r.incident_id, r.seq),
		result: stateOf(r.data)
	}));
}

async function panicEntries(db: Db, filter: AuditFilter, limit: number): Promise<AuditEntry[]> {
	let query = db
		.selectFrom('panic_event as e')
		.innerJoin('panic_alert', 'panic_alert.id', 'e.alert_id')
		.innerJoin('user', 'user.id', 'e.actor_id')
		.select(['e.id', 'e.alert_id', 'e.type', 'e.at', 'e.note', 'e.actor_id', 'user.display_name', 'user.username'])
		.where('panic_alert.municipality_id', '=', filter.municipalityId)
		.where('user.kind', '=', 'staff');
	if (filter.actorId) query = query.where('e.actor_id', '=', filter.actorId);
	if (filter.from) query = query.where('e.at', '>=', filter.from);
	if (filter.to) query = query.where('e.at', '<', filter.to);
	const rows = await query.orderBy('e.at', 'desc').orderBy('e.id', 'desc').limit(limit).execute();
	return rows.map((r) => ({
		id: r.id,
		at: r.at,
		kind: 'panic' as const,
		action: r.type,
		actor: { id: r.actor_id ?? '', name: r.display_name ?? r.username },
		subject: { type: 'panic' as const, id: r.alert_id, name: null },
		reason: r.note,
		replaced: null,
		result: r.type
	}));
}

async function staffEntries(db: Db, filter: AuditFilter, limit: number): Promise<AuditEntry[]> {
	const rows = await staffLog(db, { municipalityId: filter.municipalityId, limit });
	return rows.map((r, i) => ({
		id: `staff-${r.at}-${r.user.id}-${i}`,
		at: r.at,
		kind: 'staff' as const,
		action: r.action,
		actor: r.actor ? { id: r.actor.id, name: r.actor.username } : null,
		subject: { type: 'staff' as const, id: r.user.id, name: r.user.username },
		reason: null,
		replaced: r.action === 'removed' ? r.role : null,
		result: r.action === 'added' ? r.role : null
	}));
}

async function configurationEntries(db: Db, filter: AuditFilter, limit: number): Promise<AuditEntry[]> {
	const rows = await municipalityChanges(db, filter.municipalityId, limit);
	return rows.map((r) => ({
		id: r.id,
		at: r.at,
		kind: 'configuration' as const,
		action: r.action,
		actor: r.actor ? { id: r.actor.id, name: r.actor.username } : null,
		subject: { type: 'municipality' as const, id: r.municipalityId, name: r.config.name },
		reason: r.reason,
		replaced: r.previous ? 'previous configuration' : null,
		result: null
	}));
}

/** Moderation (issue 16): a message hidden or restored, an item's flags dismissed, with the reason and the staff note. */
async function moderationEntries(db: Db, filter: AuditFilter, limit: number): Promise<AuditEntry[]> {
	let query = moderationStore(db)
		.selectFrom('moderation_decision as d')
		.leftJoin('user', 'user.id', 'd.actor_id')
		.select(['d.id', 'd.item', 'd.action', 'd.reason', 'd.note', 'd.at', 'd.actor_id', 'user.display_name', 'user.username'])
		.where('d.municipality_id', '=', filter.municipalityId);
	if (filter.actorId) query = query.where('d.actor_id', '=', filter.actorId);
	if (filter.from) query = query.where('d.at', '>=', filter.from);
	if (filter.to) query = query.where('d.at', '<', filter.to);
	const rows = await query.orderBy('d.at', 'desc').orderBy('d.id', 'desc').limit(limit).execute();
	return rows.map((r) => {
		const item = JSON.parse(r.item) as ModeratedItem;
		const reason = r.action === 'dismissed' ? r.note : [r.reason, r.note].filter(Boolean).join(': ');
		return {
			id: r.id,
			at: r.at,
			kind: 'moderation' as const,
			action: r.action,
			actor: r.actor_id ? { id: r.actor_id, name: r.display_name ?? r.username } : null,
			subject: moderationSubject(item),
			reason: reason || null,
			replaced: r.action === 'hidden' ? 'shown' : r.action === 'restored' ? 'hidden' : null,
			result: r.action === 'hidden' ? 'hidden' : r.action === 'restored' ? 'shown' : null
		};
	});
}

/**
 * Posting limits (issue 16, item 3): set and, when an admin ended one early, lifted. The subject is
 * the message that led to it; the resident is not named here either.
 */
async function postingLimitEntries(db: Db, filter: AuditFilter, limit: number): Promise<AuditEntry[]> {
	const store = moderationStore(db);
	const base = store.selectFrom('posting_limit as l').where('l.municipality_id', '=', filter.municipalityId);
	let set = base.leftJoin('user', 'user.id', 'l.actor_id').select(['l.id', 'l.item', 'l.reason', 'l.note', 'l.at', 'l.until', 'l.actor_id', 'user.display_name', 'user.username']);
	let lifted = base
		.leftJoin('user', 'user.id', 'l.lifted_by')
		.select(['l.id', 'l.item', 'l.lift_reason', 'l.lifted_at', 'l.lifted_by', 'user.display_name', 'user.username'])
		.where('l.lifted_at', 'is not', null);
	if (filter.actorId) {
		set = set.where('l.actor_id', '=', filter.actorId);
		lifted = lifted.where('l.lifted_by', '=', filter.actorId);
	}
	if (filter.from) {
		set = set.where('l.at', '>=', filter.from);
		lifted = lifted.where('l.lifted_at', '>=', filter.from);
	}
	if (filter.to) {
		set = set.where('l.at', '<', filter.to);
		lifted = lifted.where('l.lifted_at', '<', filter.to);
	}
	const subject = (json: string) => {
		const item = JSON.parse(json) as ModeratedItem;
		return moderationSubject(item);
	};
	const [setRows, liftedRows] = await Promise.all([set.orderBy('l.at', 'desc').limit(limit).execute(), lifted.orderBy('l.lifted_at', 'desc').limit(limit).execute()]);
	return [
		...setRows.map((r) => ({
			id: `${r.id}:limited`,
			at: r.at,
			kind: 'moderation' as const,
			action: 'limited',
			actor: r.actor_id ? { id: r.actor_id, name: r.display_name ?? r.username } : null,
			subject: subject(r.item),
			reason: [r.reason, r.note].filter(Boolean).join(': '),
			replaced: 'may write',
			result: `limited until ${r.until}`
		})),
		...liftedRows.map((r) => ({
			id: `${r.id}:lifted`,
			at: r.lifted_at ?? '',
			kind: 'moderation' as const,
			action: 'lifted',
			actor: r.lifted_by ? { id: r.lifted_by, name: r.display_name ?? r.username } : null,
			subject: subject(r.item),
			reason: r.lift_reason,
			replaced: 'limited',
			result: 'may write'
		}))
	];
}

/**
 * Reviews on request (issue 16, item 4), once an admin decided them: upheld or reversed, by whom
 * and why. The subject is the message the reviewed decision was about; who asked is not named. A
 * reversal is also in the record as the restore or lift it made.
 */
async function reviewEntries(db: Db, filter: AuditFilter, limit: number): Promise<AuditEntry[]> {
	const store = moderationStore(db).withTables<Pick<ReportTables, 'incident_event'>>();
	let query = store
		.selectFrom('moderation_review as r')
		.leftJoin('user', 'user.id', 'r.reviewer_id')
		.leftJoin('moderation_decision as d', 'd.id', 'r.decision_id')
		.leftJoin('posting_limit as l', 'l.id', 'r.decision_id')
		.leftJoin('incident_event as e', 'e.id', 'r.decision_id')
		.select(['r.id', 'r.decision_kind', 'r.outcome', 'r.outcome_reason', 'r.reviewed_at', 'r.reviewer_id', 'user.display_name', 'user.username', 'd.item as hiddenItem', 'l.item as limitItem', 'e.incident_id as closedIncident'])
		.where('r.municipality_id', '=', filter.municipalityId)
		.where('r.outcome', 'is not', null);
	if (filter.actorId) query = query.where('r.reviewer_id', '=', filter.actorId);
	if (filter.from) query = query.where('r.reviewed_at', '>=', filter.from);
	if (filter.to) query = query.where('r.reviewed_at', '<', filter.to);
	const rows = await query.orderBy('r.reviewed_at', 'desc').limit(limit).execute();
	return rows.map((r) => {
		const json = r.hiddenItem ?? r.limitItem;
		const item = json ? (JSON.parse(json) as ModeratedItem) : null;
		const was = r.decision_kind === 'hidden' ? 'hidden' : r.decision_kind === 'closed' ? 'closed' : 'limited';
		const reversed = { hidden: 'shown', limited: 'may write', closed: 'reopened' }[was];
		return {
			id: `${r.id}:review`,
			at: r.reviewed_at ?? '',
			kind: 'moderation' as const,
			action: r.outcome === 'reversed' ? 'review_reversed' : 'review_upheld',
			actor: r.reviewer_id ? { id: r.reviewer_id, name: r.display_name ?? r.username } : null,
			subject: r.closedIncident ? { type: 'incident' as const, id: r.closedIncident, name: null } : item ? moderationSubject(item) : { type: 'report' as const, id: '', name: null },
			reason: r.outcome_reason,
			replaced: was,
			result: r.outcome === 'reversed' ? reversed : was
		};
	});
}

/**
 * Admins' rollbacks of what one user wrote in a thread (`POST /api/sync/rollback`), read from the
 * sync server's own log (`SyncDocs.rollbacks`): by whom, in which incident's or report's thread,
 * why. Who was rolled back is not named here either.
 */
async function rollbackEntries(db: Db, docs: Pick<SyncDocs, 'rollbacks'> | undefined, filter: AuditFilter, limit: number): Promise<AuditEntry[]> {
	if (!docs) return [];
	const staff = await db.selectFrom('membership').select('user_id').where('municipality_id', '=', filter.municipalityId).where('role', 'in', ['operator', 'admin']).execute();
	const actorIds = filter.actorId ? staff.map((s) => s.user_id).filter((id) => id === filter.actorId) : staff.map((s) => s.user_id);
	const rows = await docs.rollbacks({ actorIds, from: filter.from, to: filter.to, limit });
	if (!rows.length) return [];
	const names = new Map((await db.selectFrom('user').select(['id', 'display_name', 'username']).where('id', 'in', [...new Set(rows.map((r) => r.actorId))]).execute()).map((u) => [u.id, u.display_name ?? u.username]));
	const store = reportsStore(db);
	const entries: AuditEntry[] = [];
	for (const r of rows) {
		const [kind, id = ''] = r.room.split(/:(.*)/s);
		const place =
			kind === 'incident'
				? await store.selectFrom('incident').select('municipality_id').where('id', '=', id).executeTakeFirst()
				: kind === 'report'
					? await store.selectFrom('report').select('municipality_id').where('id', '=', id).executeTakeFirst()
					: undefined;
		if (place?.municipality_id !== filter.municipalityId) continue;
		entries.push({
			id: `${r.room}:${r.at}:rollback`,
			at: r.at,
			kind: 'moderation',
			action: 'rolled_back',
			actor: { id: r.actorId, name: names.get(r.actorId) ?? null },
			subject: { type: kind === 'incident' ? 'incident' : 'report', id, name: null },
			reason: r.reason,
			replaced: 'written',
			result: 'removed'
		});
	}
	return entries;
}

type Source = (db: Db, filter: AuditFilter, limit: number, docs?: Pick<SyncDocs, 'rollbacks'>) => Promise<AuditEntry[]>;
const sources: Record<AuditKind, Source> = {
	incident: incidentEntries,
	panic: panicEntries,
	staff: staffEntries,
	configuration: configurationEntries,
	moderation: async (db, filter, limit, docs) => [
		...(await moderationEntries(db, filter, limit)),
		...(await postingLimitEntries(db, filter, limit)),
		...(await reviewEntries(db, filter, limit)),
		...(await rollbackEntries(db, docs, filter, limit))
	]
};

/** The log, newest first, filtered; at most `limit` entries (200 unless said, 2,000 at most). */
export async function auditLog(db: Db, filter: AuditFilter, docs?: Pick<SyncDocs, 'rollbacks'>): Promise<AuditEntry[]> {
	const limit = Math.min(filter.limit ?? 200, 2000);
	const kinds = filter.kind ? [filter.kind] : auditKinds;
	const all = (await Promise.all(kinds.map((kind) => sources[kind](db, filter, limit, docs)))).flat();
	return all
		.filter((e) => (!filter.actorId || e.actor?.id === filter.actorId) && (!filter.from || e.at >= filter.from) && (!filter.to || e.at < filter.to))
		.sort((a, b) => (a.at === b.at ? b.id.localeCompare(a.id) : b.at.localeCompare(a.at)))
		.slice(0, limit);
}

const csvColumns = ['at', 'kind', 'action', 'actor', 'subject', 'reason', 'replaced', 'result'] as const;

/** One field as CSV writes it: quoted when it must be, and never read by a spreadsheet as a formula. */
export function csvField(value: string | null): string {
	if (value === null) return '';
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The entries as CSV (RFC 4180, CRLF), with a header row. */
export function auditCsv(entries: readonly AuditEntry[]): string {
	const rows = entries.map((e) =>
		[e.at, e.kind, e.action, e.actor ? (e.actor.name ?? e.actor.id) : 'server operator', `${e.subject.type}:${e.subject.name ?? e.subject.id}`, e.reason, e.replaced, e.result].map(csvField).join(',')
	);
	return [csvColumns.join(','), ...rows].join('\r\n') + '\r\n';
}

/** What a moderation entry is about, as the record names it: a message (`<thread>/<id>`), a report, or a part of one (`<report>/description`, `<report>/photo/<id>`). */
function moderationSubject(item: ModeratedItem): { type: 'message' | 'report'; id: string; name: null } {
	switch (item.kind) {
		case 'message':
			return { type: 'message', id: `${item.thread}/${item.id}`, name: null };
		case 'report':
			return { type: 'report', id: item.id, name: null };
		case 'description':
			return { type: 'report', id: `${item.report}/description`, name: null };
		case 'photo':
			return { type: 'report', id: `${item.report}/photo/${item.id}`, name: null };
	}
}
