import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime.js';
import { ageText } from './labels.ts';

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
