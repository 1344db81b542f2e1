import { describe, expect, it } from 'vitest';
import { referralFromHandledBy } from './referral.ts';

describe('referralFromHandledBy', () => {
	it('reads the phone number in brackets', () => {
		expect(referralFromHandledBy('Carabineros (133)')).toEqual({ name: 'Carabineros', phone: '133' });
		expect(referralFromHandledBy('Enel (600 696 0000)')).toEqual({ name: 'Enel', phone: '600 696 0000' });
	});

	it('keeps a name without a number whole', () => {
		expect(referralFromHandledBy('Aguas Andinas')).toEqual({ name: 'Aguas Andinas' });
		expect(referralFromHandledBy('Vialidad (Ministerio de Obras Públicas)')).toEqual({ name: 'Vialidad (Ministerio de Obras Públicas)' });
	});

	it('gives nothing for no body', () => {
		expect(referralFromHandledBy(null)).toBeNull();
		expect(referralFromHandledBy('  ')).toBeNull();
		expect(referralFromHandledBy('x')).toBeNull();
	});
});
