import { describe, expect, it } from 'vitest';
import type { QueueIncident } from './contract.ts';
import { queueIncident } from './queue-fixtures.ts';
import { mergeCandidates } from './merge-candidates.ts';

const incident = (id: string, point: [number, number] | null, more: Partial<QueueIncident> = {}): QueueIncident => queueIncident(id, { point, ...more });

describe('mergeCandidates', () => {
	it('lists open incidents other than itself, nearest first, those without a pin last', () => {
		const self = incident('self', [-70.6, -33.43]);
		const queue = [
			self,
			incident('far', [-70.62, -33.43]),
			incident('near', [-70.6001, -33.43]),
			incident('closed', [-70.6, -33.43], { state: 'closed' }),
			incident('merged', [-70.6, -33.43], { mergedInto: 'near' }),
			incident('typed-old', null, { openedAt: '2026-12-01T00:00:00.000Z' }),
			incident('typed-new', null, { openedAt: '2026-12-03T11:00:00.000Z' })
		];
		const ids = mergeCandidates(queue, self).map((c) => c.incident.id);
		expect(ids).toEqual(['near', 'far', 'typed-new', 'typed-old']);
		expect(mergeCandidates(queue, self, 1)).toHaveLength(1);
		expect(mergeCandidates(queue, incident('x', null)).every((c) => c.metres === null)).toBe(true);
	});
});
