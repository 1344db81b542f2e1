import { getLocale, locales, setLocale, type Locale } from '$lib/paraglide/runtime.js';
import { languageName } from './language-name.ts';

/**
 * The language the app speaks. Paraglide remembers the choice in localStorage; this class makes it
 * reactive so the layout can re-render in place instead of reloading the page.
 */
export class LocaleState {
	current = $state<Locale>(getLocale());
	readonly available = locales.map((code) => ({ code, name: languageName(code) }));

	set(locale: Locale): void {
		if (locale === this.current) return;
		setLocale(locale, { reload: false });
		this.current = locale;
		if (typeof document !== 'undefined') document.documentElement.lang = locale;
	}
}

export const i18n = new LocaleState();
