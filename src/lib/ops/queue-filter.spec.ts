import { describe, expect, it } from 'vitest';
import type { QueueIncident } from './contract.ts';
import { queueIncident } from './queue-fixtures.ts';
import { filterQueue, noFilter, sortPanics, upsert, type QueueItem } from './queue-filter.ts';

const now = Date.parse('2026-12-03T12:00:00.000Z');
const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
let n = 0;
function incident(over: Partial<QueueIncident> = {}): QueueIncident {
	return queueIncident(over.id ?? `i${++n}`, { description: 'Luminaria apagada', point: [-70.61, -33.43], openedAt: ago(10), updatedAt: ago(10), ...over });
}
const ids = (items: QueueItem[]) => items.map((i) => i.incident.id);
const sorted = (list: QueueIncident[]) => list.reduce<QueueItem[]>((items, i) => upsert(items, i), []);

describe('the queue order', () => {
	it('puts security incidents first, then the longest waiting, and closed ones last', () => {
		const items = sorted([
			incident({ id: 'light-old', openedAt: ago(300) }),
			incident({ id: 'robbery-new', group: 'security', category: 'robbery', openedAt: ago(1) }),
			incident({ id: 'closed-security', group: 'security', state: 'closed', openedAt: ago(900) }),
			incident({ id: 'robbery-old', group: 'security', category: 'robbery', openedAt: ago(60) }),
			incident({ id: 'light-new', openedAt: ago(2) })
		]);
		expect(ids(filterQueue(items, { ...noFilter, status: 'all' }, now))).toEqual(['robbery-old', 'robbery-new', 'light-old', 'light-new', 'closed-security']);
	});

	it('moves an updated incident to where it now sorts, without a duplicate', () => {
		let items = sorted([incident({ id: 'a', openedAt: ago(50) }), incident({ id: 'b', openedAt: ago(40) })]);
		items = upsert(items, incident({ id: 'a', openedAt: ago(50), state: 'closed' }));
		expect(ids(items)).toEqual(['b', 'a']);
		expect(items.find((i) => i.incident.id === 'a')?.open).toBe(false);
	});

	it('lists open panics first, oldest first, then closed ones newest first', () => {
		const panic = (id: string, status: 'open' | 'closed', minutes: number) => ({ id, status, receivedAt: ago(minutes), updatedAt: ago(minutes) }) as never;
		expect(sortPanics([panic('c1', 'closed', 50), panic('o1', 'open', 5), panic('c2', 'closed', 10), panic('o2', 'open', 20)]).map((p: { id: string }) => p.id)).toEqual(['o2', 'o1', 'c2', 'c1']);
	});
});

describe('filterQueue', () => {
	const items = sorted([
		incident({ id: 'robbery', group: 'security', category: 'robbery', categories: ['robbery', 'suspicious'], description: 'Robo de cartera', place: 'Pasaje Las Ñipas 123', openedAt: ago(30), state: 'acknowledged' }),
		incident({ id: 'light', description: 'Luminaria apagada en la esquina', openedAt: ago(3 * 60) }),
		incident({ id: 'noise', category: 'noise', categories: ['noise'], description: 'Música fuerte', point: null, place: 'Plaza Ñuñoa', openedAt: ago(3 * 24 * 60) }),
		incident({ id: 'old', category: 'noise', categories: ['noise'], openedAt: ago(30 * 24 * 60) }),
		incident({ id: 'done', state: 'closed', openedAt: ago(5) })
	]);

	it('shows the open incidents by default', () => {
		expect(ids(filterQueue(items, noFilter, now))).toEqual(['robbery', 'old', 'noise', 'light']);
	});

	it('narrows by status, group, any report’s category and time', () => {
		expect(ids(filterQueue(items, { ...noFilter, status: 'closed' }, now))).toEqual(['done']);
		expect(ids(filterQueue(items, { ...noFilter, status: 'acknowledged' }, now))).toEqual(['robbery']);
		expect(ids(filterQueue(items, { ...noFilter, group: 'neighbourhood' }, now))).toEqual(['old', 'noise', 'light']);
		expect(ids(filterQueue(items, { ...noFilter, category: 'suspicious' }, now))).toEqual(['robbery']);
		expect(ids(filterQueue(items, { ...noFilter, time: 'hour' }, now))).toEqual(['robbery']);
		expect(ids(filterQueue(items, { ...noFilter, time: 'day' }, now))).toEqual(['robbery', 'light']);
		expect(ids(filterQueue(items, { ...noFilter, time: 'week' }, now))).toEqual(['robbery', 'noise', 'light']);
	});

	it('searches description and typed place, whatever the case and accents, every word', () => {
		expect(ids(filterQueue(items, { ...noFilter, search: 'LAS NIPAS' }, now))).toEqual(['robbery']);
		expect(ids(filterQueue(items, { ...noFilter, search: 'ñuñoa musica' }, now))).toEqual(['noise']);
		expect(ids(filterQueue(items, { ...noFilter, search: 'esquina robo' }, now))).toEqual([]);
	});

	it('keeps only exact points inside the map’s view for the area filter', () => {
		const area = { west: -70.62, east: -70.6, south: -33.44, north: -33.42 };
		const moved = upsert(items, incident({ id: 'far', point: [-70.5, -33.3], openedAt: ago(1) }));
		expect(ids(filterQueue(moved, { ...noFilter, area: { kind: 'map', bounds: area } }, now))).toEqual(['robbery', 'old', 'light']);
	});

	it('keeps what lies within a distance of a chosen incident for the area filter', () => {
		const near = sorted([
			incident({ id: 'here', point: [-70.61, -33.43] }),
			incident({ id: 'block-away', point: [-70.614, -33.43], openedAt: ago(20) }), // ~370 m west
			incident({ id: 'across-town', point: [-70.58, -33.45], openedAt: ago(30) }), // ~3.5 km
			incident({ id: 'typed-only', point: null, place: 'Plaza', openedAt: ago(40) })
		]);
		const around = (metres: number) => ({ ...noFilter, area: { kind: 'near' as const, center: [-70.61, -33.43] as [number, number], metres, label: 'Luminaria' } });
		expect(ids(filterQueue(near, around(500), now))).toEqual(['block-away', 'here']);
		expect(ids(filterQueue(near, around(200), now))).toEqual(['here']);
		expect(ids(filterQueue(near, around(5000), now)).sort()).toEqual(['across-town', 'block-away', 'here']);
	});
});
