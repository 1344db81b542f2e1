import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime.js';
import { problemText } from './problem-text.ts';

describe("a configuration's problem in the admin's language", () => {
	beforeEach(() => overwriteGetLocale(() => 'en'));
	afterEach(() => overwriteGetLocale(() => 'es-CL'));

	it('speaks each language', () => {
		const said = (['es-CL', 'en', 'pt-BR'] as const).map((locale) => {
			overwriteGetLocale(() => locale);
			return problemText({ path: 'name', message: 'must not be empty' });
		});
		expect(said).toEqual(['Escribe algo aquí.', 'Write something here.', 'Escreva algo aqui.']);
	});

	it("says the schema's problems in plain words, by field", () => {
		expect(problemText({ path: 'securityLine.label.en', message: 'must not be empty' })).toBe('Write something here.');
		expect(problemText({ path: 'categories.2.targets.closeHours', message: 'Too small: expected number to be >=1' })).toBe('Write a whole number from 1 to 8,760.');
		expect(problemText({ path: 'categories.2.targets.acknowledgeMinutes', message: 'Invalid input: expected number, received null' })).toBe('Write a whole number from 1 to 10,080.');
		expect(problemText({ path: 'templates.close_referred.en', message: 'must say who handles it with {name}' })).toBe('Write {name} where the name of who handles it goes.');
		expect(problemText({ path: 'numbers.1.id', message: '"samu" is listed twice' })).toBe('"samu" is listed twice.');
		expect(problemText({ path: 'categories.11.handledBy', message: 'needs a phone or a web address, so residents can reach them' })).toBe('Give their phone or web address, so residents can reach them.');
	});

	it("falls back on the schema's own words for a problem it does not know", () => {
		expect(problemText({ path: 'boundary', message: 'must be a GeoJSON Polygon or MultiPolygon' })).toBe('must be a GeoJSON Polygon or MultiPolygon');
	});
});
