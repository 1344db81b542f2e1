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

/** "14:05" in the person's language. */
export function clockTime(iso: string, locale: Locale): string {
	return new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}
