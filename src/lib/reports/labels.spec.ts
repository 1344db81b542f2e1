import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime.js';
import { i18n } from '$lib/i18n/locale.svelte.ts';
import type { PublicCategory } from '$lib/domain/municipality.ts';
import { ageText, categoryIcon, categoryLabel, eventQuote, eventText, namesText } from './labels.ts';
import type { PublicEvent } from '$lib/domain/lifecycle.ts';

describe('ageText', () => {
	afterEach(() => overwriteGetLocale(() => 'es-CL'));

	it('says “just now” for a report under a minute old, in each language, never “0 min ago”', () => {
		const said: Record<string, string> = {};
		for (const locale of ['es-CL', 'en', 'pt-BR'] as const) {
			overwriteGetLocale(() => locale);
			said[locale] = ageText(0);
			expect(ageText(1)).toMatch(/\b1\b/);
		}
		expect(said).toEqual({ 'es-CL': 'Recién', en: 'Just now', 'pt-BR': 'Agora mesmo' });
	});
});

describe('categoryLabel', () => {
	afterEach(() => void (i18n.current = 'es-CL'));
	const offered = [{ key: 'robbery', group: 'security', icon: 'robbery', labels: { 'es-CL': 'Robo', en: 'Robbery', 'pt-BR': 'Roubo' }, handledBy: null }] as PublicCategory[];

	it('names a category the municipality no longer offers as the catalogue does, never by its key', () => {
		i18n.current = 'en';
		expect(categoryLabel('robbery', offered)).toBe('Robbery');
		// "other" is hidden: not in the municipality's list, a report sent before still reads "Other".
		expect(categoryLabel('other', offered)).toBe('Other');
		expect(categoryIcon('other', offered)).toBe('other');
		expect(categoryLabel('towels_drying', offered)).toBe('towels_drying');
		expect(categoryIcon('towels_drying', offered)).toBe('');
	});
});

describe('namesText', () => {
	afterEach(() => void (i18n.current = 'es-CL'));
	it('lists names as each language does', () => {
		expect(namesText(['Providencia', 'Las Condes'])).toBe('Providencia y Las Condes');
		i18n.current = 'en';
		expect(namesText(['Providencia', 'Las Condes'])).toBe('Providencia and Las Condes');
		i18n.current = 'pt-BR';
		expect(namesText(['Providencia', 'Las Condes'])).toBe('Providencia e Las Condes');
	});
});

describe('the automatic first answer', () => {
	const speak = (locale: 'es-CL' | 'en' | 'pt-BR') => {
		i18n.current = locale;
		overwriteGetLocale(() => locale);
	};
	afterEach(() => speak('es-CL'));
	const event = (over: Partial<PublicEvent> = {}): PublicEvent => ({ id: 'e1', author: 'municipality', type: 'auto_answer', at: 0, hours: 'Mo-Fr 08:00-20:00', ...over });
	const answer = { 'es-CL': 'Recibimos tu aviso.', en: 'We got your report.', 'pt-BR': 'Recebemos o seu aviso.' };

	it('quotes the municipality’s own words in the resident’s language, with the hours', () => {
		speak('en');
		expect(eventText(event({ answer }))).toBe('Automatic answer');
		expect(eventQuote(event({ answer }))).toBe('We got your report. We are staffed Mo-Fr 08:00-20:00.');
		speak('pt-BR');
		expect(eventQuote(event({ answer, hours: undefined }))).toBe('Recebemos o seu aviso.');
	});

	it('keeps the app’s wording for a first answer sent without the municipality’s (an older event)', () => {
		speak('en');
		expect(eventText(event())).toContain('We are staffed Mo-Fr 08:00-20:00');
		expect(eventQuote(event())).toBeNull();
		expect(eventQuote(event({ type: 'message', text: 'Hola' }))).toBe('Hola');
	});
});
