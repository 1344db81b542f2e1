import { m } from '$lib/paraglide/messages.js';
import { i18n } from '$lib/i18n/locale.svelte.ts';
import type { PublicCategory, PublicMunicipality } from '$lib/domain/municipality.ts';
import { age } from '$lib/domain/report-staleness.ts';
import type { MyReportState } from './db.ts';

/** A category's label in the current language, from the municipality's configuration. */
export function categoryLabel(key: string, categories: readonly PublicCategory[]): string {
	const category = categories.find((c) => c.key === key);
	return category ? category.labels[i18n.current] : key;
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
		// Dispatched and referred are being handled too; their own wording comes with the resident's lifecycle labels.
		case 'acknowledged':
		case 'in_progress':
		case 'referred':
			return m.reports_state_acknowledged();
		case 'closed':
			return m.reports_state_closed();
		case 'practice':
			return m.reports_state_practice();
		case 'refused':
			return m.reports_state_refused();
	}
}
