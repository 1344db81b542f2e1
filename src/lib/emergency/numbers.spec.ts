import { describe, expect, it } from 'vitest';
import type { PublicMunicipality } from '$lib/domain/municipality.ts';
import { builtInNationalNumbers, numbersFor, panicCallNumber, telHref } from './numbers.ts';

const label = { 'es-CL': 'x', en: 'x', 'pt-BR': 'x' };
const providencia: PublicMunicipality = {
	id: 'providencia',
	name: 'Providencia',
	boundary: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
	categories: [],
	emergencyNumbers: [
		{ id: 'carabineros', number: '133', kind: 'national', label },
		{ id: 'providencia-security', number: '1414', kind: 'municipal', label }
	]
};

describe('numbersFor', () => {
	it('puts the home municipality’s own line first, then the national numbers', () => {
		const view = numbersFor(providencia, [providencia]);
		expect(view.municipal.map((n) => n.number)).toEqual(['1414']);
		expect(view.national.map((n) => n.number)).toEqual(['133']);
		expect(view.fromConfig).toBe(true);
	});

	it('without a chosen municipality shows the stored national numbers and no municipal line', () => {
		const view = numbersFor(undefined, [providencia]);
		expect(view.municipal).toEqual([]);
		expect(view.national.map((n) => n.number)).toEqual(['133']);
	});

	it('with nothing stored falls back to Chile’s 131–134', () => {
		const view = numbersFor(undefined, []);
		expect(view.national.map((n) => n.number)).toEqual(['131', '132', '133', '134']);
		expect(view.fromConfig).toBe(false);
	});

	it('falls back to the built-in national numbers when a municipality lists only its own line', () => {
		const only = { ...providencia, emergencyNumbers: providencia.emergencyNumbers.filter((n) => n.kind === 'municipal') };
		expect(numbersFor(only, [only]).national).toEqual([...builtInNationalNumbers]);
	});
});

describe('telHref', () => {
	it('keeps digits and a leading plus', () => {
		expect(telHref('+56 2 2345 6789')).toBe('tel:+56223456789');
		expect(telHref('1414')).toBe('tel:1414');
	});
});

describe('panicCallNumber', () => {
	it('prefers the municipal line, else the police', () => {
		expect(panicCallNumber(numbersFor(providencia, [providencia])).number).toBe('1414');
		expect(panicCallNumber(numbersFor(undefined, [])).number).toBe('133');
	});
});
