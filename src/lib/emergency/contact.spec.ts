import { describe, expect, it } from 'vitest';
import { dialable, validateContact } from './contact.ts';

describe('validateContact', () => {
	it('accepts a name and a Chilean mobile number and keeps a dialable form', () => {
		const result = validateContact({ name: '  Marta ', phone: '+56 9 1234-5678' });
		expect(result).toEqual({ ok: true, value: { name: 'Marta', phone: '+56 9 1234-5678', dial: '+56912345678' } });
	});

	it('names each missing field', () => {
		const result = validateContact({ name: ' ', phone: '' });
		expect(result).toEqual({ ok: false, problems: { name: 'name_missing', phone: 'phone_missing' } });
	});

	it('refuses letters, too few and too many digits', () => {
		for (const phone of ['abc12345678', '1234', '+1234567890123456']) {
			expect(validateContact({ name: 'Ana', phone }), phone).toEqual({ ok: false, problems: { phone: 'phone_invalid' } });
		}
	});

	it('refuses a name longer than 60 characters', () => {
		expect(validateContact({ name: 'a'.repeat(61), phone: '912345678' })).toEqual({ ok: false, problems: { name: 'name_too_long' } });
	});
});

describe('dialable', () => {
	it('keeps only digits and a leading plus', () => {
		expect(dialable('(09) 1234.5678')).toBe('0912345678');
		expect(dialable(' +56 2 2222 3333 ')).toBe('+56222223333');
	});
});
