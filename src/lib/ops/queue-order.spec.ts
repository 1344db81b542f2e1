import { describe, expect, it } from 'vitest';
import type { QueueIncident, QueuePanic } from './contract.ts';
import { queueIncident } from './queue-fixtures.ts';
import { compareQueueIncidents, compareQueuePanics } from './queue-order.ts';

const incident = (id: string, over: Partial<QueueIncident> = {}): QueueIncident =>
	queueIncident(id, { category: 'streetlight_out', openedAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:00:00.000Z', ...over });

const panic = (id: string, over: Partial<QueuePanic> = {}): QueuePanic => ({
	id,
	municipality: 'providencia',
	status: 'open',
	version: 1,
	receivedAt: '2026-12-01T10:00:00.000Z',
	claimedAt: '2026-12-01T10:00:00.000Z',
	updatedAt: '2026-12-01T10:00:00.000Z',
	location: null,
	municipalitySource: 'location',
	fromSignedInResident: true,
	unit: null,
	...over
});

describe('the queue order', () => {
	it('puts open incidents first, security before neighbourhood, then the oldest; closed last, latest first', () => {
		const list = [
			incident('closed-old', { state: 'closed', updatedAt: '2026-12-01T11:00:00.000Z' }),
			incident('hood-new', { openedAt: '2026-12-01T12:00:00.000Z' }),
			incident('closed-new', { state: 'closed', updatedAt: '2026-12-02T11:00:00.000Z' }),
			incident('security-new', { group: 'security', openedAt: '2026-12-01T12:00:00.000Z', state: 'in_progress' }),
			incident('hood-old', { openedAt: '2026-12-01T08:00:00.000Z', state: 'acknowledged' }),
			incident('security-old', { group: 'security', openedAt: '2026-12-01T09:00:00.000Z' })
		];
		expect(list.sort(compareQueueIncidents).map((i) => i.id)).toEqual(['security-old', 'security-new', 'hood-old', 'hood-new', 'closed-new', 'closed-old']);
	});

	it('puts panics not yet closed first, the oldest first; closed ones last', () => {
		const list = [
			panic('closed', { status: 'closed', receivedAt: '2026-12-01T07:00:00.000Z' }),
			panic('new', { receivedAt: '2026-12-01T11:00:00.000Z' }),
			panic('old-dispatched', { status: 'dispatched', receivedAt: '2026-12-01T09:00:00.000Z' })
		];
		expect(list.sort(compareQueuePanics).map((p) => p.id)).toEqual(['old-dispatched', 'new', 'closed']);
	});

	it('breaks ties by id, so every screen shows the same order', () => {
		expect([incident('b'), incident('a')].sort(compareQueueIncidents).map((i) => i.id)).toEqual(['a', 'b']);
	});
});
