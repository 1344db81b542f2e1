import { describe, expect, it } from 'vitest';
import { languageName } from './language-name.ts';

describe('languageName', () => {
	it('names each supported language in that language, capitalised', () => {
		expect(languageName('es-CL')).toBe('Español (Chile)');
		expect(languageName('en')).toBe('English');
		expect(languageName('pt-BR')).toBe('Português (Brasil)');
	});

	it('falls back to the code for something that is not a language tag', () => {
		expect(languageName('not a tag')).toBe('not a tag');
	});
});
