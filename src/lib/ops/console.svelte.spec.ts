import { describe, expect, it } from 'vitest';
import { consoleMunicipality, organisationMunicipality } from './console.svelte.ts';

const user = (...memberships: Array<[string, 'resident' | 'operator' | 'admin' | 'organisation']>) => ({ memberships: memberships.map(([municipalityId, role]) => ({ municipalityId, role })) });

describe('consoleMunicipality', () => {
	it('opens the staff member’s own municipality, or the one asked for when it is theirs', () => {
		expect(consoleMunicipality(user(['providencia', 'operator']), null)).toBe('providencia');
		expect(consoleMunicipality(user(['nunoa', 'resident'], ['providencia', 'admin']), null)).toBe('providencia');
		expect(consoleMunicipality(user(['providencia', 'operator'], ['nunoa', 'operator']), 'nunoa')).toBe('nunoa');
	});

	it('refuses residents, staff of another municipality and nobody', () => {
		expect(consoleMunicipality(user(['providencia', 'resident']), null)).toBeNull();
		expect(consoleMunicipality(user(['providencia', 'operator']), 'nunoa')).toBeNull();
		expect(consoleMunicipality(null, null)).toBeNull();
	});
});

describe('organisationMunicipality', () => {
	it("opens a neighbourhood organisation's account its own municipality only, and never an operator's console", () => {
		expect(organisationMunicipality(user(['providencia', 'organisation']), null)).toBe('providencia');
		expect(organisationMunicipality(user(['providencia', 'organisation']), 'las-condes')).toBeNull();
		expect(organisationMunicipality(user(['providencia', 'operator']), null)).toBeNull();
		expect(organisationMunicipality(null, null)).toBeNull();
		expect(consoleMunicipality(user(['providencia', 'organisation']), null)).toBeNull();
	});
});
