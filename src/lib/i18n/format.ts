import type { Locale } from '$lib/paraglide/runtime.js';

/**
 * Dates and times in the app's language (the one the person chose in Cuadra), never the browser's:
 * someone who chose English on a Spanish phone reads English dates.
 */
export function dateTime(at: string | number | Date, locale: Locale): string {
	return new Date(at).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
}

/** "14:05" in the app's language. */
export function clockTime(at: string | number | Date, locale: Locale): string {
	return new Date(at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
}

/** "3 Dec, 14:05": the day and the time, for something that may be tomorrow (an invite's expiry). */
export function dayAndTime(at: string | number | Date, locale: Locale): string {
	return new Date(at).toLocaleString(locale, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
}
