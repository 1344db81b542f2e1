import { describe, expect, it } from 'vitest';
import { consoleMunicipality } from './console.svelte.ts';

const user = (...memberships: Array<[string, 'resident' | 'operator' | 'admin']>) => ({ memberships: memberships.map(([municipalityId, role]) => ({ municipalityId, role })) });

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
