import { m } from '$lib/paraglide/messages.js';
import type { Locale } from '$lib/paraglide/runtime.js';
import type { ShownNumber } from './numbers.ts';

const builtIn: Record<string, () => string> = {
	samu: () => m.emergency_number_samu(),
	bomberos: () => m.emergency_number_bomberos(),
	carabineros: () => m.emergency_number_carabineros(),
	pdi: () => m.emergency_number_pdi()
};

/** A number's name in the app's language: from the municipality's configuration, or the app's own. */
export function numberName(n: ShownNumber, locale: Locale): string {
	return n.label?.[locale] ?? builtIn[n.id]?.() ?? n.number;
}

export { clockTime } from '$lib/i18n/format.ts';
