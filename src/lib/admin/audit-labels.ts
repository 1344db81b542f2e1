import { m } from '$lib/paraglide/messages.js';
import type { IncidentState } from '$lib/domain/lifecycle.ts';
import { stateLabel } from '$lib/ops/labels.ts';
import { staffRoles, type StaffRole } from '$lib/domain/staff.ts';
import type { AuditEntry, AuditKind } from './audit-api.ts';
import { roleName } from './staff-text.ts';
import { dateTime } from '$lib/i18n/format.ts';
import { getLocale } from '$lib/paraglide/runtime.js';

const actions: Record<string, () => string> = {
	acknowledged: () => m.audit_action_acknowledged(),
	dispatched: () => m.audit_action_dispatched(),
	referred: () => m.audit_action_referred(),
	message: () => m.audit_action_message(),
	called: () => m.audit_action_called(),
	closed: () => m.audit_action_closed(),
	reopened: () => m.audit_action_reopened(),
	merged: () => m.audit_action_merged(),
	merged_in: () => m.audit_action_merged_in(),
	split: () => m.audit_action_split(),
	added: () => m.audit_action_added(),
	removed: () => m.audit_action_removed(),
	password_reset: () => m.audit_action_password_reset(),
	password_changed: () => m.audit_action_password_changed(),
	updated: () => m.audit_action_updated(),
	hidden: () => m.audit_action_hidden(),
	restored: () => m.audit_action_restored(),
	dismissed: () => m.audit_action_dismissed(),
	limited: () => m.audit_action_limited(),
	lifted: () => m.audit_action_lifted(),
	review_upheld: () => m.audit_action_review_upheld(),
	review_reversed: () => m.audit_action_review_reversed(),
	rolled_back: () => m.audit_action_rolled_back()
};

/** The decision in words; an action this version does not know is shown as the server names it. */
export const actionLabel = (action: string): string => actions[action]?.() ?? action;

export const kindLabels: Record<AuditKind, () => string> = {
	incident: () => m.audit_kind_incident(),
	panic: () => m.audit_kind_panic(),
	staff: () => m.audit_kind_staff(),
	configuration: () => m.audit_kind_configuration(),
	moderation: () => m.audit_kind_moderation()
};

const states = new Set<string>(['received', 'acknowledged', 'in_progress', 'referred', 'closed']);
const roles = new Set<string>(staffRoles);
const valueLabel = (value: string): string => (states.has(value) ? stateLabel(value as IncidentState) : roles.has(value) ? roleName(value as StaffRole) : value);

/** A moderation decision's before and after: shown or hidden, may write or limited (until an ISO time, the server's words). */
function visibility(value: string): string {
	if (value === 'hidden') return m.audit_value_hidden();
	if (value === 'shown') return m.audit_value_shown();
	if (value === 'may write') return m.audit_value_may_write();
	if (value === 'limited') return m.audit_value_limited();
	if (value === 'written') return m.audit_value_written();
	if (value === 'removed') return m.audit_value_removed();
	const until = /^limited until (.+)$/.exec(value)?.[1];
	return until && !Number.isNaN(Date.parse(until)) ? m.audit_value_limited_until({ until: dateTime(until, getLocale()) }) : value;
}

/** What it replaced and what it set, in words: "Received → Acknowledged", "operator → …", or nothing. */
export function changeText(entry: Pick<AuditEntry, 'kind' | 'replaced' | 'result'>): string {
	if (entry.kind === 'configuration') return entry.replaced ? m.audit_previous_configuration() : '';
	if (entry.kind === 'panic') return '';
	if (entry.kind === 'moderation') return entry.replaced && entry.result ? m.audit_replaced({ before: visibility(entry.replaced), after: visibility(entry.result) }) : '';
	if (entry.replaced && entry.result) return m.audit_replaced({ before: valueLabel(entry.replaced), after: valueLabel(entry.result) });
	return valueLabel(entry.replaced ?? entry.result ?? '');
}
