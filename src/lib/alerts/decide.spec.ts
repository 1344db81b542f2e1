import { describe, expect, it } from 'vitest';
import type { PublicReport } from '$lib/domain/report.ts';
import { ALERT_WINDOW_HOURS, ALERTED_RETENTION_DAYS, forgetBefore, incidentsToAlert, type AlertContext } from './decide.ts';

const metro = [-70.6128, -33.4255] as const;
const metre = 1 / 111_195;
const now = Date.parse('2026-11-21T12:00:00.000Z');
const minutesAgo = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
let n = 0;
const report = (over: Partial<PublicReport> = {}): PublicReport => {
	const id = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
	return {
		id,
		incidentId: `incident-${id}`,
		municipality: 'providencia',
		category: 'robbery',
		group: 'security',
		description: '',
		point: [metro[0], metro[1] + 100 * metre],
		coarse: false,
		place: null,
		photoIds: [],
		reportedAt: minutesAgo(10),
		receivedAt: minutesAgo(10),
		status: 'received',
		statusAt: minutesAgo(10),
		closingMessage: null,
		...over
	};
};
const context = (over: Partial<AlertContext> = {}): AlertContext => ({ area: { centre: metro, radiusMetres: 500 }, alerted: [], mine: [], now, ...over });

describe('which incidents alert a resident', () => {
	it('alerts once per incident, however many reports it has, leading with its first report', () => {
		const first = report({ incidentId: 'one', receivedAt: minutesAgo(20) });
		const second = report({ incidentId: 'one', category: 'commotion', receivedAt: minutesAgo(5) });
		const third = report({ incidentId: 'one', receivedAt: minutesAgo(1) });
		expect(incidentsToAlert([third, first, second], context())).toEqual([{ incidentId: 'one', reportId: first.id, category: 'robbery', receivedAt: first.receivedAt }]);
	});

	it('never alerts an incident already alerted, even when a new report joins it', () => {
		const reports = [report({ incidentId: 'one' }), report({ incidentId: 'one', receivedAt: minutesAgo(1) })];
		expect(incidentsToAlert(reports, context({ alerted: ['one'] }))).toEqual([]);
	});

	it('alerts two different incidents separately, oldest first', () => {
		const later = report({ incidentId: 'b', receivedAt: minutesAgo(2) });
		const earlier = report({ incidentId: 'a', receivedAt: minutesAgo(30) });
		expect(incidentsToAlert([later, earlier], context()).map((a) => a.incidentId)).toEqual(['a', 'b']);
	});

	it('ignores what lies outside the area, and places described only in words', () => {
		expect(incidentsToAlert([report({ point: [metro[0], metro[1] + 600 * metre] })], context())).toEqual([]);
		expect(incidentsToAlert([report({ point: null, place: 'Frente al metro' })], context())).toEqual([]);
		// An incident with one report inside the area alerts, led by that report.
		const inside = report({ incidentId: 'edge', point: [metro[0], metro[1] + 450 * metre], receivedAt: minutesAgo(5) });
		const outside = report({ incidentId: 'edge', point: [metro[0], metro[1] + 700 * metre], receivedAt: minutesAgo(8) });
		expect(incidentsToAlert([outside, inside], context()).map((a) => a.reportId)).toEqual([inside.id]);
	});

	it('ignores the neighbourhood group (a streetlight out is not an alert)', () => {
		expect(incidentsToAlert([report({ category: 'streetlight_out', group: 'neighbourhood' })], context())).toEqual([]);
	});

	it(`alerts only about reports received in the last ${ALERT_WINDOW_HOURS} hours`, () => {
		expect(incidentsToAlert([report({ receivedAt: minutesAgo(ALERT_WINDOW_HOURS * 60 + 1) })], context())).toEqual([]);
		expect(incidentsToAlert([report({ receivedAt: minutesAgo(ALERT_WINDOW_HOURS * 60 - 1) })], context())).toHaveLength(1);
		// A receipt time far in the future (a wrong device clock) does not alert for ever.
		expect(incidentsToAlert([report({ receivedAt: minutesAgo(-60) })], context())).toEqual([]);
	});

	it('ignores closed incidents', () => {
		expect(incidentsToAlert([report({ incidentId: 'c', status: 'closed' }), report({ incidentId: 'c' })], context())).toEqual([]);
		expect(incidentsToAlert([report({ status: 'acknowledged' })], context())).toHaveLength(1);
	});

	it('never alerts residents about an incident they reported themselves', () => {
		const mine = report({ incidentId: 'own', receivedAt: minutesAgo(10) });
		const neighbour = report({ incidentId: 'own', receivedAt: minutesAgo(3) });
		expect(incidentsToAlert([mine, neighbour], context({ mine: [mine.id] }))).toEqual([]);
	});

	it(`forgets alerted incidents after ${ALERTED_RETENTION_DAYS} days`, () => {
		expect(forgetBefore(now)).toBe(now - ALERTED_RETENTION_DAYS * 86_400_000);
	});
});
