import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import type { ConfigProblem } from '$lib/domain/municipality-config.ts';

/** The ranges of the whole-number fields, as the schema has them (src/lib/domain/municipality-config.ts). */
const wholeNumbers: Record<string, { min: number; max: number }> = {
	acknowledgeMinutes: { min: 1, max: 7 * 24 * 60 },
	closeHours: { min: 1, max: 365 * 24 },
	residents: { min: 0, max: 100_000_000 }
};

const count = (n: number) => new Intl.NumberFormat(getLocale()).format(n);

/**
 * A configuration's problem in the admin's language. The schema says it in English for the command
 * line and the API; the settings screen says the same thing in Paraglide, by the field and the
 * schema's wording, and falls back on the schema's text for anything it does not know.
 */
export function problemText(problem: ConfigProblem): string {
	const field = problem.path.split('.').at(-1) ?? '';
	const said = problem.message;
	const range = wholeNumbers[field];
	if (range && !said.startsWith('is not a field')) return m.admin_settings_p_whole_number({ min: count(range.min), max: count(range.max) });
	if (said === 'must not be empty') return m.admin_settings_p_empty();
	if (said === 'is required when status is "not_handled": who handles it, and their phone or web address') return m.admin_settings_p_handler();
	if (said === 'is required') return m.admin_settings_p_required();
	const long = /^must be at most (\d+) characters$/.exec(said);
	if (long) return m.admin_settings_p_too_long({ max: long[1] ?? '' });
	if (said.startsWith('must be a phone number')) return m.admin_settings_p_phone();
	if (said.startsWith('must be "24/7"')) return m.admin_settings_p_hours();
	if (said.startsWith('must be a web address')) return m.admin_settings_p_web();
	if (said.startsWith('needs a phone or a web address')) return m.admin_settings_p_contact();
	if (said === 'must show at least one category') return m.admin_settings_p_show_one();
	const twice = /^"(.*)" is listed twice$/.exec(said);
	if (twice) return m.admin_settings_p_twice({ value: twice[1] ?? '' });
	if (said === 'must say who handles it with {name}') return m.admin_settings_p_placeholder({ placeholder: '{name}' });
	if (said.includes('lowercase letters, digits and dashes')) return m.admin_settings_p_id();
	return said;
}
