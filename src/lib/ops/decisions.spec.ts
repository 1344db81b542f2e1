import { describe, expect, it } from 'vitest';
import type { StaffEvent } from './contract.ts';
import { allowedDecisions, confirmsFirst, handlerOf } from './decisions.ts';

const event = (seq: number, type: StaffEvent['type'], actor: StaffEvent['actor']): StaffEvent => ({
	id: `e${seq}`,
	seq,
	type,
	at: new Date(Date.UTC(2026, 11, 3, 10, seq)).toISOString(),
	actor,
	visibility: 'public',
	reason: null,
	publicMessage: null,
	data: null,
	reportId: null
});
const ana = { id: 'u-ana', name: 'Ana Soto' };
const luis = { id: 'u-luis', name: 'Luis Rojas' };

describe('allowedDecisions', () => {
	it('offers only what the lifecycle allows in each state', () => {
		expect(allowedDecisions('received')).toEqual(['acknowledge', 'call', 'dispatch', 'refer', 'close']);
		expect(allowedDecisions('acknowledged')).toEqual(['call', 'dispatch', 'refer', 'close']);
		expect(allowedDecisions('in_progress')).toEqual(['call', 'dispatch', 'refer', 'close']);
		expect(allowedDecisions('referred')).toEqual(['call', 'close']);
		expect(allowedDecisions('closed')).toEqual(['reopen']);
	});

	it('asks to confirm closing, merging and splitting only', () => {
		expect(['close', 'merge', 'split', 'acknowledge', 'dispatch', 'note'].filter((a) => confirmsFirst(a as never))).toEqual(['close', 'merge', 'split']);
	});
});

describe('handlerOf', () => {
	it('is whoever acknowledged or dispatched last', () => {
		expect(handlerOf([event(1, 'received', null)])).toBeNull();
		expect(handlerOf([event(1, 'received', null), event(2, 'acknowledged', ana)])).toMatchObject({ id: 'u-ana', name: 'Ana Soto', type: 'acknowledged' });
		expect(handlerOf([event(3, 'dispatched', luis), event(2, 'acknowledged', ana), event(4, 'note', ana)])).toMatchObject({ id: 'u-luis', type: 'dispatched' });
	});

	it('is nobody once closed or referred, until someone takes it again', () => {
		expect(handlerOf([event(2, 'acknowledged', ana), event(3, 'closed', ana)])).toBeNull();
		expect(handlerOf([event(2, 'acknowledged', ana), event(3, 'referred', ana)])).toBeNull();
		expect(handlerOf([event(2, 'acknowledged', ana), event(3, 'closed', ana), event(4, 'reopened', luis), event(5, 'dispatched', luis)])).toMatchObject({ id: 'u-luis' });
	});
});
