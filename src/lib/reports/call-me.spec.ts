import { describe, expect, it } from 'vitest';
import { callMeFields, phoneProblem } from './call-me.ts';

describe('the number to call', () => {
	it('is asked for only when the municipality may call', () => {
		expect(phoneProblem(false, '')).toBeNull();
		expect(phoneProblem(true, '  ')).toBe('missing');
	});

	it('accepts the ways people write a Chilean number, refuses letters and too few digits', () => {
		for (const ok of ['+56 9 1234 5678', '912345678', '(2) 2345-6789']) expect(phoneProblem(true, ok)).toBeNull();
		for (const bad of ['llámame', '123', '+56 9 1234 5678 ext 2']) expect(phoneProblem(true, bad)).toBe('invalid');
	});

	it('travels with the report only with consent', () => {
		expect(callMeFields(true, ' +56 9 1234 5678 ')).toEqual({ consentToCall: true, phone: '+56 9 1234 5678' });
		expect(callMeFields(false, '+56 9 1234 5678')).toEqual({ consentToCall: false });
	});
});
