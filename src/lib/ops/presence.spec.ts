import { describe, expect, it } from 'vitest';
import { viewersOf } from './presence.ts';

describe('viewersOf', () => {
	it('lists the others who have the incident open, once each, by name', () => {
		const states = new Map<number, unknown>([
			[1, { viewing: 'inc-1', user: { id: 'me', name: 'Yo' } }],
			[2, { viewing: 'inc-1', user: { id: 'u-luis', name: 'Luis Rojas', role: 'operator' } }],
			[3, { viewing: 'inc-1', user: { id: 'u-ana', name: 'Ana Soto', role: 'admin' } }],
			[4, { viewing: 'inc-1', user: { id: 'u-luis', name: 'Luis Rojas' } }],
			[5, { viewing: 'inc-2', user: { id: 'u-eva', name: 'Eva' } }],
			[6, { viewing: null, user: { id: 'u-pia', name: 'Pía' } }],
			[7, { viewing: 'inc-1', user: { id: 'me', name: 'Yo' } }],
			[8, { viewing: 'inc-1' }],
			[9, null]
		]);
		expect(viewersOf(states, 'inc-1', 1, 'me')).toEqual([
			{ id: 'u-ana', name: 'Ana Soto' },
			{ id: 'u-luis', name: 'Luis Rojas' }
		]);
	});

	it('keeps someone without a name as nameless', () => {
		expect(viewersOf(new Map([[2, { viewing: 'x', user: { id: 'u', name: '' } }]]), 'x', 1, null)).toEqual([{ id: 'u', name: null }]);
	});
});
