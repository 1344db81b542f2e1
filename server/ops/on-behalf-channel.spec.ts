import { describe, expect, it } from 'vitest';
import { Refusal } from '../http/refusal.ts';
import { onBehalfChannel } from './on-behalf-channel.ts';

describe('onBehalfChannel', () => {
	it("gives an organisation's account the organisation channel, whatever it asked", () => {
		expect(onBehalfChannel('organisation', 'phone')).toBe('organisation');
		expect(onBehalfChannel('organisation', 'walk_in')).toBe('organisation');
		expect(onBehalfChannel('organisation', 'organisation')).toBe('organisation');
	});

	it('keeps what an operator or admin said, and refuses them the organisation channel', () => {
		expect(onBehalfChannel('operator', 'phone')).toBe('phone');
		expect(onBehalfChannel('admin', 'walk_in')).toBe('walk_in');
		expect(() => onBehalfChannel('operator', 'organisation')).toThrow(Refusal);
		expect(() => onBehalfChannel('admin', 'organisation')).toThrow(/organisation channel/);
	});
});
