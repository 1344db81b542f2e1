import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime.js';
import { i18n } from '$lib/i18n/locale.svelte.ts';
import type { PublicCategory } from '$lib/domain/municipality.ts';
import { ageText, categoryIcon, categoryLabel, namesText } from './labels.ts';

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
