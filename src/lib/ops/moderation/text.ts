import { m } from '$lib/paraglide/messages.js';
import type { ModerationQueueItem, ModerationReason } from '$lib/domain/moderation.ts';
import { OpsApiError } from '$lib/ops/api.ts';
import { dateTime } from '$lib/i18n/format.ts';
import { getLocale, type Locale } from '$lib/paraglide/runtime.js';
import { rankedReasons } from './reasons.ts';

/** What the moderation page says, in the operator's language: reasons, counts, refusals, outcomes. Pure. */

export const reasonLabel = (reason: ModerationReason): string =>
	({
		personal_data: m.ops_moderation_reason_personal_data,
		looks: m.ops_moderation_reason_looks,
		abuse: m.ops_moderation_reason_abuse,
		false: m.ops_moderation_reason_false,
		other: m.ops_moderation_reason_other
	})[reason]();

/** A card's heading: what it is and how often it was flagged, or that it is hidden ("Message, flagged 3 times"). */
export function headingText(entry: Pick<ModerationQueueItem, 'item' | 'status' | 'flags'>): string {
	const message = entry.item.kind === 'message';
	if (entry.item.kind === 'description') return m.ops_moderation_item_hidden_description();
	if (entry.item.kind === 'photo') return m.ops_moderation_item_hidden_photo();
	if (entry.status === 'hidden') return message ? m.ops_moderation_item_hidden_message() : m.ops_moderation_item_hidden_report();
	return message ? m.ops_moderation_item_heading_message({ count: entry.flags }) : m.ops_moderation_item_heading_report({ count: entry.flags });
}

/** "Personal data (2), Abuse (1)": the counts per reason, most first; '' when nobody flagged it. */
export const reasonsSummary = (reasons: ModerationQueueItem['reasons']): string =>
	rankedReasons(reasons)
		.map((r) => m.ops_moderation_reason_count({ reason: reasonLabel(r.reason), count: r.count }))
		.join(', ');

/**
 * What residents read in a hidden message's place: the same words as the resident's app
 * (`moderation_hidden_<reason>` in messages/moderation), copied here so the console's messages stay
 * its own. Keep the two in step.
 */
export const placeholderText = (reason: ModerationReason): string =>
	({
		personal_data: m.ops_moderation_placeholder_personal_data,
		looks: m.ops_moderation_placeholder_looks,
		abuse: m.ops_moderation_placeholder_abuse,
		false: m.ops_moderation_placeholder_false,
		other: m.ops_moderation_placeholder_other
	})[reason]();

/** What was just done, for the page's polite status line. */
export type Done = { action: 'hidden'; reason: ModerationReason } | { action: 'dismissed' } | { action: 'restored' } | { action: 'limited'; until: string } | { action: 'lifted' } | { action: 'upheld' } | { action: 'reversed' };

export function doneText(done: Done, locale: Locale = getLocale()): string {
	if (done.action === 'limited') return m.ops_moderation_done_limited({ until: dateTime(done.until, locale) });
	if (done.action === 'lifted') return m.ops_moderation_done_lifted();
	if (done.action === 'upheld') return m.ops_moderation_done_upheld();
	if (done.action === 'reversed') return m.ops_moderation_done_reversed();
	if (done.action === 'hidden') return m.ops_moderation_done_hidden({ placeholder: placeholderText(done.reason) });
	if (done.action === 'dismissed') return m.ops_moderation_done_dismissed();
	return m.ops_moderation_done_restored();
}

/** Why a decision was refused, said plainly (the server's codes: docs/moderation.md). */
export function refusalText(error: unknown): string {
	if (!(error instanceof OpsApiError)) return m.ops_moderation_error_other({ code: 'unknown' });
	if (error.status === 0) return m.ops_moderation_error_network();
	if (error.status === 429) return m.ops_moderation_error_rate();
	if (error.status === 403) return m.ops_moderation_error_forbidden();
	switch (error.code) {
		case 'not_found':
			return m.ops_moderation_error_not_found();
		case 'already_hidden':
			return m.ops_moderation_error_already_hidden();
		case 'original_gone':
			return m.ops_moderation_error_original_gone();
		case 'already_limited':
			return m.ops_moderation_error_already_limited();
		case 'municipality_message':
			return m.ops_moderation_error_municipality_message();
		case 'staff_author':
			return m.ops_moderation_error_staff_author();
		case 'not_in_force':
			return m.ops_moderation_error_not_in_force();
		case 'own_decision':
			return m.ops_moderation_error_own_decision();
		case 'already_reviewed':
			return m.ops_moderation_error_already_reviewed();
		default:
			return error.status === 400 ? m.ops_moderation_error_invalid() : m.ops_moderation_error_other({ code: error.code });
	}
}

/** Why the queue did not load: a 403 says who may moderate, anything else the server's words. */
export function loadErrorText(error: unknown): string {
	if (error instanceof OpsApiError && error.status === 403) return m.ops_moderation_forbidden();
	if (error instanceof OpsApiError && error.status === 0) return m.ops_moderation_load_offline();
	return m.ops_moderation_load_error({ message: error instanceof Error ? error.message : String(error) });
}
