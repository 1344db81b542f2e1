import { baseLocale, type Locale } from '$lib/paraglide/runtime.js';

/**
 * The web app manifest in the app's language: its name, description, shortcuts and screenshot
 * labels are what the phone shows when installing and on the home screen. One file per language
 * in `static/` (es-CL is `manifest.webmanifest`, which app.html links before any script runs).
 */
export function manifestPath(locale: Locale): string {
	return locale === baseLocale ? '/manifest.webmanifest' : `/manifest.${locale}.webmanifest`;
}

/** Points the page's manifest link at the language's manifest. */
export function linkManifest(doc: Document, locale: Locale): void {
	const link = doc.querySelector<HTMLLinkElement>('link[rel="manifest"]');
	if (!link) return;
	const href = manifestPath(locale);
	if (link.getAttribute('href') !== href) link.setAttribute('href', href);
}
