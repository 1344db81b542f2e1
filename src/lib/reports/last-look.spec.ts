import { describe, expect, it } from 'vitest';
import { changesSince, lookAt } from './last-look.ts';

const base = { id: 'r1', receivedAt: '2026-12-03T10:00:00.000Z', status: 'received' as const, statusAt: '2026-12-03T10:00:00.000Z', closingMessage: null };
const now = new Date('2026-12-03T10:05:00Z');

describe('changesSince', () => {
	it('nothing changed since the last look', () => {
		expect(changesSince(lookAt(base, now), base)).toEqual([]);
	});

	it('a new status since the last look', () => {
		const look = lookAt(base, now);
		expect(changesSince(look, { ...base, status: 'in_progress', statusAt: '2026-12-03T10:20:00.000Z' })).toEqual([{ kind: 'status', from: 'received', to: 'in_progress' }]);
	});

	it('closed with a message: the status and the closing message are both news', () => {
		const look = lookAt({ ...base, status: 'acknowledged', statusAt: '2026-12-03T10:02:00.000Z' }, now);
		expect(changesSince(look, { ...base, status: 'closed', statusAt: '2026-12-03T11:00:00.000Z', closingMessage: 'Listo' })).toEqual([{ kind: 'status', from: 'acknowledged', to: 'closed' }, { kind: 'closing' }]);
	});

	it('a newer entry at the same status (a public message) is an update; an older one is not', () => {
		const look = lookAt({ ...base, status: 'acknowledged', statusAt: '2026-12-03T10:02:00.000Z' }, now);
		expect(changesSince(look, { ...base, status: 'acknowledged', statusAt: '2026-12-03T10:30:00.000Z' })).toEqual([{ kind: 'update' }]);
		expect(changesSince(look, { ...base, status: 'acknowledged', statusAt: '2026-12-03T10:01:00.000Z' })).toEqual([]);
	});

	it('never looked at (followed from a suggestion): anything past "received" is news', () => {
		expect(changesSince(undefined, base)).toEqual([]);
		expect(changesSince(undefined, { ...base, status: 'referred', statusAt: '2026-12-03T12:00:00.000Z' })).toEqual([{ kind: 'status', from: 'received', to: 'referred' }]);
	});
});
