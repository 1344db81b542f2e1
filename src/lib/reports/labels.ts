import { m } from '$lib/paraglide/messages.js';
import { i18n } from '$lib/i18n/locale.svelte.ts';
import type { PublicCategory, PublicMunicipality } from '$lib/domain/municipality.ts';
import { age } from '$lib/domain/report-staleness.ts';
import { defaultCategories } from '$lib/domain/catalogue.ts';
import type { CloseOutcome, PublicEvent } from '$lib/domain/lifecycle.ts';
import type { ReportStatus } from '$lib/domain/report.ts';
import type { MyReportState } from './db.ts';

/**
 * A category as the municipality's configuration names it; one it no longer offers (a report sent
 * with it before it was hidden) is still named as the catalogue does, never by its key.
 */
function categoryOf(key: string, categories: readonly PublicCategory[]): Pick<PublicCategory, 'labels' | 'icon'> | undefined {
	return categories.find((c) => c.key === key) ?? defaultCategories.find((c) => c.key === key);
}

/** A category's label in the current language (see `categoryOf`). */
export function categoryLabel(key: string, categories: readonly PublicCategory[]): string {
	return categoryOf(key, categories)?.labels[i18n.current] ?? key;
}

/** A category's icon name (see `categoryOf`), or '' for none. */
export function categoryIcon(key: string, categories: readonly PublicCategory[]): string {
	return categoryOf(key, categories)?.icon ?? '';
}

/** Names joined as the current language lists them: "Providencia y Las Condes". */
export function namesText(names: readonly string[]): string {
	return new Intl.ListFormat(i18n.current, { style: 'long', type: 'conjunction' }).format(names);
}

export function municipalityName(id: string | null, municipalities: readonly PublicMunicipality[]): string {
	return municipalities.find((mu) => mu.id === id)?.name ?? id ?? '';
}

export function ageText(ageMinutes: number): string {
	const a = age(ageMinutes);
	if (a.unit === 'minutes' && a.value < 1) return m.reports_age_just_now();
	if (a.unit === 'minutes') return m.reports_age_minutes({ count: a.value });
	if (a.unit === 'hours') return m.reports_age_hours({ count: a.value });
	return m.reports_age_days({ count: a.value });
}

/** How long the municipality took, e.g. "15 min", "2 h", "3 days". */
export function durationText(fromIso: string, toIso: string): string {
	const a = age(Math.max(0, Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / 60_000)));
	if (a.unit === 'minutes') return m.reports_duration_minutes({ count: a.value });
	if (a.unit === 'hours') return m.reports_duration_hours({ count: a.value });
	return m.reports_duration_days({ count: a.value });
}

export function refusalText(code: string): string {
	switch (code) {
		case 'outside_municipalities':
			return m.reports_refusal_outside_municipalities();
		case 'unknown_category':
			return m.reports_refusal_unknown_category();
		case 'category_not_handled':
			return m.reports_refusal_category_not_handled();
		case 'unknown_municipality':
			return m.reports_refusal_unknown_municipality();
		case 'invalid_report':
			return m.reports_refusal_invalid_report();
		default:
			return m.reports_refusal_unknown();
	}
}

export function stateText(state: MyReportState): string {
	switch (state) {
		case 'saved_on_phone':
			return m.reports_state_saved_on_phone();
		case 'received':
			return m.reports_state_received();
		case 'acknowledged':
			return m.reports_state_acknowledged();
		case 'in_progress':
			return m.reports_state_in_progress();
		case 'referred':
			return m.reports_state_referred();
		case 'closed':
			return m.reports_state_closed();
		case 'practice':
			return m.reports_state_practice();
		case 'refused':
			return m.reports_state_refused();
	}
}

/** The municipality's badge on its messages and its timeline ("Municipalidad de Providencia"). */
export function municipalityBadge(id: string | null, municipalities: readonly PublicMunicipality[]): string {
	const name = municipalities.find((mu) => mu.id === id)?.name;
	return name ? m.reports_municipality_badge({ name }) : m.reports_municipality_badge_unnamed();
}

export function outcomeText(outcome: CloseOutcome): string {
	switch (outcome) {
		case 'resolved':
			return m.reports_outcome_resolved();
		case 'nothing_found':
			return m.reports_outcome_nothing_found();
		case 'not_located':
			return m.reports_outcome_not_located();
		case 'duplicate':
			return m.reports_outcome_duplicate();
		case 'referred':
			return m.reports_outcome_referred();
	}
}

/** A public status in the list and on a report's page, with how long the municipality took. */
export function answeredText(status: ReportStatus, receivedAt: string, statusAt: string): string {
	const time = durationText(receivedAt, statusAt);
	switch (status) {
		case 'acknowledged':
			return m.reports_acknowledged_after({ time });
		case 'in_progress':
			return m.reports_in_progress_after({ time });
		case 'referred':
			return m.reports_referred_after({ time });
		case 'closed':
			return m.reports_closed_after({ time });
		case 'received':
			return m.reports_state_received();
	}
}

/**
 * The words a timeline event quotes, in the resident's language: the operator's own (`text`), or
 * the municipality's configured first answer with its hours. Null when it quotes nothing.
 */
export function eventQuote(event: PublicEvent): string | null {
	if (event.type === 'auto_answer' && event.answer) return [event.answer[i18n.current], event.hours ? m.reports_event_hours({ hours: event.hours }) : ''].filter(Boolean).join(' ');
	return event.text ?? null;
}

/** What one timeline event says, in the resident's language; the operator's own words (`text`) are shown beside it. */
export function eventText(event: PublicEvent): string {
	switch (event.type) {
		case 'received':
			return m.reports_event_received();
		case 'auto_answer':
			if (event.answer) return m.reports_event_auto_answer_title();
			return event.hours ? m.reports_event_auto_answer_hours({ hours: event.hours }) : m.reports_event_auto_answer();
		case 'acknowledged':
			return m.reports_event_acknowledged();
		case 'dispatched':
			return m.reports_event_dispatched();
		case 'referred':
			return event.referredTo ? m.reports_event_referred({ name: event.referredTo.name }) : m.reports_event_referred_unnamed();
		case 'message':
			return m.reports_event_message();
		case 'closed':
			return m.reports_event_closed();
		case 'reopened':
			return m.reports_event_reopened();
		case 'merged':
			return m.reports_event_merged();
		case 'merged_in':
			return m.reports_event_merged_in();
		case 'split':
			return m.reports_event_split();
	}
}
