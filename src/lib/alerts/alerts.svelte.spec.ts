import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { PublicReport } from '$lib/domain/report.ts';
import { NeighbourAlerts } from './alerts.svelte.ts';
import type { AlertArea } from './area.ts';
import { AlertsDb } from './db.ts';

const metro = [-70.6128, -33.4255] as const;
let clock = Date.parse('2026-11-21T12:00:00.000Z');
const iso = (minutesAgo: number) => new Date(clock - minutesAgo * 60_000).toISOString();
const area: AlertArea = { centre: [metro[0], metro[1]], radiusMetres: 500, source: 'map', municipality: 'providencia', setAt: iso(60) };
const report = (id: string, incidentId: string, minutesAgo = 5): PublicReport => ({
	id,
	incidentId,
	municipality: 'providencia',
	category: 'robbery',
	group: 'security',
	description: '',
	point: [metro[0], metro[1]],
	coarse: false,
	place: null,
	photoIds: [],
	reportedAt: iso(minutesAgo),
	receivedAt: iso(minutesAgo),
	status: 'received',
	statusAt: iso(minutesAgo),
	closingMessage: null
});
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const fresh = () => new AlertsDb({ indexedDB: new IDBFactory(), IDBKeyRange });

describe('NeighbourAlerts', () => {
	it('is off by default and alerts nothing without an area', async () => {
		const alerts = new NeighbourAlerts(fresh(), () => clock);
		await alerts.load();
		expect(alerts.area).toBeNull();
		expect(await alerts.consider([report(uuid(1), 'i1')], [])).toEqual([]);
	});

	it('raises one alert per incident, also across two tabs and after a reload, until dismissed', async () => {
		const db = fresh();
		const tab1 = new NeighbourAlerts(db, () => clock);
		await tab1.load();
		await tab1.setArea(area);
		const tab2 = new NeighbourAlerts(db, () => clock);
		await tab2.load();
		expect(tab2.area).toEqual(area);

		const first = [report(uuid(1), 'i1', 10)];
		const both = [...first, report(uuid(2), 'i1', 2)];
		const [a, b] = await Promise.all([tab1.consider(first, []), tab2.consider(both, [])]);
		expect([...a, ...b].map((x) => x.incidentId)).toEqual(['i1']);
		expect(await tab1.consider(both, [])).toEqual([]);

		const reloaded = new NeighbourAlerts(db, () => clock);
		await reloaded.load();
		expect(reloaded.shown.map((x) => x.reportId)).toEqual([uuid(1)]);
		await reloaded.dismiss('i1');
		expect(reloaded.shown).toEqual([]);
		const again = new NeighbourAlerts(db, () => clock);
		await again.load();
		expect(again.shown).toEqual([]);
		expect(await again.consider(both, [])).toEqual([]);
	});

	it('forgets alerted incidents after the retention, and everything when the area is removed', async () => {
		const db = fresh();
		const alerts = new NeighbourAlerts(db, () => clock);
		await alerts.load();
		await alerts.setArea(area);
		await alerts.consider([report(uuid(3), 'i3')], []);
		clock += 8 * 86_400_000;
		const later = new NeighbourAlerts(db, () => clock);
		await later.load();
		expect(await db.alerted.count()).toBe(0);
		await later.consider([report(uuid(4), 'i4')], []);
		expect(await db.alerted.count()).toBe(1);
		await later.removeArea();
		expect(later.area).toBeNull();
		expect(await db.area.count()).toBe(0);
		expect(await db.alerted.count()).toBe(0);
	});

	it('refuses an area that is not valid', async () => {
		const alerts = new NeighbourAlerts(fresh(), () => clock);
		await expect(alerts.setArea({ ...area, radiusMetres: 5000 as 500 })).rejects.toThrow();
		expect(alerts.area).toBeNull();
	});
});
