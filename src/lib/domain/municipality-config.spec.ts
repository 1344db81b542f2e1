import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkMunicipalityConfig, emergencyNumbersOf, municipalityConfigSchema, municipalTemplate, publicMunicipalityOf, type ConfigProblem } from './municipality-config.ts';
import { publicMunicipalitySchema } from './municipality.ts';

const example = JSON.parse(readFileSync(new URL('../../../docs/examples/municipality.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const copy = () => structuredClone(example) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function problems(input: unknown): ConfigProblem[] {
	const checked = checkMunicipalityConfig(input);
	if (checked.ok) throw new Error('expected problems');
	return checked.problems;
}

describe('a municipality configuration', () => {
	it('accepts the example file the README uses', () => {
		const checked = checkMunicipalityConfig(example);
		expect(checked.ok).toBe(true);
	});

	it('refuses a boundary that is not closed, off the globe or too short, naming each position', () => {
		const config = copy();
		config.boundary.coordinates[0][6] = [-70.6, -33.44];
		expect(problems(config)).toEqual([{ path: 'boundary.coordinates.0', message: 'is not closed: its last position must be the same as its first' }]);
		const far = copy();
		far.boundary.coordinates[0][2] = [-190, -33.45];
		far.boundary.coordinates[0][3] = [-70.575, 95];
		expect(problems(far)).toEqual([
			{ path: 'boundary.coordinates.0.2.0', message: 'must be a longitude from -180 to 180' },
			{ path: 'boundary.coordinates.0.3.1', message: 'must be a latitude from -90 to 90' }
		]);
		const short = copy();
		short.boundary.coordinates[0] = [[-70.6, -33.4], [-70.5, -33.4], [-70.6, -33.4]];
		expect(problems(short)[0]).toMatchObject({ path: 'boundary.coordinates.0', message: expect.stringMatching(/at least 4 positions/) });
		const point = copy();
		point.boundary = { type: 'Point', coordinates: [-70.6, -33.4] };
		expect(problems(point)).toEqual([{ path: 'boundary.type', message: 'must be a GeoJSON Polygon or MultiPolygon' }]);
	});

	it('accepts a MultiPolygon', () => {
		const config = copy();
		config.boundary = { type: 'MultiPolygon', coordinates: [config.boundary.coordinates, [[[-70.5, -33.5], [-70.49, -33.5], [-70.49, -33.49], [-70.5, -33.5]]]] };
		expect(checkMunicipalityConfig(config).ok).toBe(true);
	});

	it('refuses a category outside the catalogue, one listed twice, and a not-handled one with no one to call', () => {
		const config = copy();
		config.categories[0].key = 'towels_drying';
		config.categories[1].key = 'accident';
		config.categories[11].handledBy = { name: 'Enel' };
		config.categories[10].status = 'not_handled';
		const found = problems(config);
		expect(found).toContainEqual({ path: 'categories.0.key', message: expect.stringMatching(/^is not in the catalogue: "towels_drying"\. Known: robbery, /) });
		expect(found).toContainEqual({ path: 'categories.2.key', message: '"accident" is listed twice' });
		expect(found).toContainEqual({ path: 'categories.11.handledBy', message: 'needs a phone or a web address, so residents can reach them' });
		expect(found).toContainEqual({ path: 'categories.10.handledBy', message: expect.stringMatching(/^is required when status is "not_handled"/) });
	});

	it('names every missing or empty translation by its language', () => {
		const config = copy();
		delete config.securityLine.label['pt-BR'];
		config.autoAnswer.en = '  ';
		config.numbers[0].label = { 'es-CL': 'Ambulancia' };
		const found = problems(config).map((p) => p.path);
		expect(found).toEqual(['securityLine.label.pt-BR', 'numbers.0.label.en', 'numbers.0.label.pt-BR', 'autoAnswer.en']);
	});

	it('refuses unknown fields, bad hours, bad radii, unknown templates and referral templates that do not name who', () => {
		const config = copy();
		config.colour = 'blue';
		config.serviceHours = 'always';
		config.alertAreas.defaultRadiusMetres = 50;
		config.templates.close_referred = { 'es-CL': 'Lo derivamos.', en: 'We referred it to {name}.', 'pt-BR': 'Encaminhamos para {name}.' };
		config.templates.say_hello = { 'es-CL': 'Hola', en: 'Hi', 'pt-BR': 'Oi' };
		const found = problems(config);
		expect(found.map((p) => p.path).sort()).toEqual(['alertAreas.defaultRadiusMetres', 'colour', 'serviceHours', 'templates.close_referred.es-CL', 'templates.say_hello']);
		const referral = copy();
		referral.templates.close_referred = { 'es-CL': 'Lo derivamos.', en: 'We referred it to {name}.', 'pt-BR': 'Encaminhamos para {name}.' };
		expect(problems(referral)).toEqual([{ path: 'templates.close_referred.es-CL', message: 'must say who handles it with {name}' }]);
	});

	it('reads opening hours in the OpenStreetMap syntax', () => {
		for (const hours of ['24/7', 'Mo-Fr 08:00-20:00', 'Mo-Fr 08:00-13:00,14:00-18:00; Sa 09:00-14:00; Su off']) {
			expect(municipalityConfigSchema.shape.serviceHours.safeParse(hours).success, hours).toBe(true);
		}
		for (const hours of ['', 'Monday 8-5', 'Mo-Fr 8:00-20:00', '24/7; Sa off']) expect(municipalityConfigSchema.shape.serviceHours.safeParse(hours).success, hours).toBe(false);
	});

	it('gives residents the shown and not-handled categories, in catalogue order, with the numbers and the security line last', () => {
		const checked = checkMunicipalityConfig(example);
		if (!checked.ok) throw new Error('invalid example');
		const shown = publicMunicipalityOf(checked.config);
		expect(publicMunicipalitySchema.parse(shown)).toEqual(shown);
		expect(shown.categories.map((c) => c.key)).not.toContain('other');
		expect(shown.categories.find((c) => c.key === 'power_outage')).toMatchObject({ handledBy: 'Enel (600 696 0000)', handledByContact: { phone: '600 696 0000', web: 'https://www.enel.cl' } });
		expect(emergencyNumbersOf(checked.config).map((n) => [n.id, n.kind])).toEqual([
			['samu', 'national'],
			['bomberos', 'national'],
			['carabineros', 'national'],
			['pdi', 'national'],
			['nunoa-security', 'municipal']
		]);
		expect(shown).toMatchObject({ serviceHours: '24/7', alertAreas: { defaultRadiusMetres: 500 }, autoAnswer: { 'es-CL': expect.stringMatching(/^Recibimos tu reporte/) } });
	});

	it("gives the municipality's own wording of a template, with who handles it, or null for the app's", () => {
		const config = copy();
		config.templates.refer_handled_by = { 'es-CL': 'Lo atiende {name}.', en: '{name} handles it.', 'pt-BR': 'Quem atende é {name}.' };
		const checked = checkMunicipalityConfig(config);
		if (!checked.ok) throw new Error('invalid');
		const shown = publicMunicipalityOf(checked.config);
		expect(municipalTemplate(shown, 'refer_handled_by', 'en', { name: 'Enel' })).toBe('Enel handles it.');
		expect(municipalTemplate(shown, 'acknowledge_security', 'pt-BR')).toBe('A Segurança Ñuñoa recebeu o seu relato e vai verificar a área.');
		expect(municipalTemplate(shown, 'close_resolved', 'es-CL')).toBeNull();
		expect(municipalTemplate(undefined, 'close_resolved', 'es-CL')).toBeNull();
	});
});
