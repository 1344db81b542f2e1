import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '$lib/i18n/locale.svelte.ts';
import { templateText } from './template-text.ts';

describe('templateText', () => {
	afterEach(() => void (i18n.current = 'es-CL'));
	const municipality = { templates: { refer_handled_by: { 'es-CL': 'Lo ve {name}.', en: '{name} handles this one.', 'pt-BR': '{name} cuida disso.' } } };

	it('takes the municipality’s own wording first, in the operator’s language, naming who handles it', () => {
		i18n.current = 'en';
		expect(templateText('refer_handled_by', { name: 'Enel' }, municipality)).toBe('Enel handles this one.');
		i18n.current = 'es-CL';
		expect(templateText('refer_handled_by', { name: ' Aguas Andinas ' }, municipality)).toBe('Lo ve Aguas Andinas.');
	});

	it('falls back on the app’s wording where the municipality has none, or none is known', () => {
		i18n.current = 'en';
		const app = templateText('close_resolved');
		expect(app.length).toBeGreaterThan(10);
		expect(templateText('close_resolved', {}, municipality)).toBe(app);
		expect(templateText('close_resolved', {}, { templates: {} })).toBe(app);
		expect(templateText('refer_handled_by', {}, undefined)).not.toContain('{name}');
	});
});
