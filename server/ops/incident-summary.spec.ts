import { describe, expect, it } from 'vitest';
import { toQueueIncident, type SummaryReport } from './incident-summary.ts';

const incident = {
	id: 'inc-1',
	municipality_id: 'providencia',
	category_group: 'security' as const,
	status: 'open' as const,
	opened_at: '2026-12-01T10:00:00.000Z',
	closed_at: null,
	closing_message: null,
	state: 'in_progress' as const,
	version: 3,
	outcome: null,
	referred_to: JSON.stringify({ name: 'Enel', phone: '600 696 0000' }),
	unit: 'Móvil 2',
	merged_into: null,
	updated_at: '2026-12-01T10:20:00.000Z'
};
const report = (over: Partial<SummaryReport>): SummaryReport => ({ category: 'robbery', description: 'Robo', channel: 'app', received_at: '2026-12-01T10:00:00.000Z', pin_lng: null, pin_lat: null, place_text: null, category_retired: 0, ...over });

describe('toQueueIncident', () => {
	it('summarises the first report and lists every category and channel once, and those sent while hidden', () => {
		const summary = toQueueIncident(incident, [
			report({ category: 'commotion', description: 'Gritos', channel: 'phone', received_at: '2026-12-01T10:05:00.000Z', place_text: 'Plaza' }),
			report({ description: 'Robo de cartera', pin_lng: -70.61, pin_lat: -33.42 }),
			report({ channel: 'phone', received_at: '2026-12-01T10:07:00.000Z', category: 'other', category_retired: 1 })
		]);
		expect(summary).toEqual({
			id: 'inc-1',
			municipality: 'providencia',
			state: 'in_progress',
			version: 3,
			group: 'security',
			category: 'robbery',
			categories: ['robbery', 'commotion', 'other'],
			retiredCategories: ['other'],
			description: 'Robo de cartera',
			place: 'Plaza',
			point: [-70.61, -33.42],
			reportCount: 3,
			channels: ['app', 'phone'],
			openedAt: '2026-12-01T10:00:00.000Z',
			updatedAt: '2026-12-01T10:20:00.000Z',
			unit: 'Móvil 2',
			referredTo: { name: 'Enel', phone: '600 696 0000' },
			outcome: null,
			mergedInto: null
		});
	});

	it('has no pin for a place typed in words', () => {
		expect(toQueueIncident({ ...incident, referred_to: null, updated_at: null }, [report({ place_text: 'Esquina de Lyon' })])).toMatchObject({ point: null, place: 'Esquina de Lyon', referredTo: null, updatedAt: incident.opened_at });
	});
});
