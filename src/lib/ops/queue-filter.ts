import { isOpenState, type IncidentState } from '../domain/lifecycle.ts';
import { distanceMetres } from '../domain/geo.ts';
import type { Bounds } from '../domain/report-cluster.ts';
import type { QueueIncident, QueuePanic } from './contract.ts';
import { compareQueueIncidents, compareQueuePanics } from './queue-order.ts';

/**
 * The queue's order and filters, pure (issue 15). Each incident is prepared once when it arrives
 * (lowercased, accent-free search text, times as numbers), so filtering 10,000 of them is a single
 * pass of cheap comparisons with no allocation per item but the result.
 */
export interface QueueItem {
	incident: QueueIncident;
	/** Description, typed place and categories, lowercased and without accents. */
	text: string;
	openedMs: number;
	open: boolean;
}

export const timeWindows = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const;
export type TimeWindow = keyof typeof timeWindows;
export type StatusFilter = 'open' | 'all' | IncidentState;

export interface QueueFilter {
	status: StatusFilter;
	category: string | null;
	group: 'security' | 'neighbourhood' | null;
	time: TimeWindow | null;
	/** Only incidents in this area, when set. */
	area: AreaFilter | null;
	search: string;
}

/**
 * The area filter: what the map shows (move or zoom the map, by mouse or with its arrow and +/-
 * keys, to change it), or a distance around a chosen incident (for a keyboard: select a row, then
 * pick the distance), which is how an operator finds what else is happening near one report.
 */
export type AreaFilter = { kind: 'map'; bounds: Bounds } | { kind: 'near'; center: [number, number]; metres: number; label: string };

export const nearDistances = [500, 2000] as const;

export const noFilter: QueueFilter = { status: 'open', category: null, group: null, time: null, area: null, search: '' };

/** Lowercase, accents removed: "Pasaje Las Ñipas" and "pasaje las nipas" are one search. */
export function searchable(text: string): string {
	return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function prepare(incident: QueueIncident): QueueItem {
	return {
		incident,
		text: searchable(`${incident.description}\n${incident.place ?? ''}`),
		openedMs: Date.parse(incident.openedAt),
		open: isOpenState(incident.state)
	};
}

/** The queue's order (queue-order.ts, the server's too): open before closed, security first, the longest waiting first. */
export const compareItems = (a: QueueItem, b: QueueItem): number => compareQueueIncidents(a.incident, b.incident);

/** Open panics first (the oldest first), then the closed ones, the most recent first. */
export const sortPanics = (panics: readonly QueuePanic[]): QueuePanic[] => [...panics].sort(compareQueuePanics);

/** Puts one incident into an already sorted list: replaced in place when known, else inserted where it sorts. */
export function upsert(items: readonly QueueItem[], incident: QueueIncident): QueueItem[] {
	const next = items.filter((item) => item.incident.id !== incident.id);
	const item = prepare(incident);
	let lo = 0;
	let hi = next.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (compareItems(next[mid]!, item) <= 0) lo = mid + 1;
		else hi = mid;
	}
	next.splice(lo, 0, item);
	return next;
}

const inBounds = (point: [number, number] | null, b: Bounds) => point !== null && point[0] >= b.west && point[0] <= b.east && point[1] >= b.south && point[1] <= b.north;

/** A test for the area filter: a box first (cheap), then the distance for `near`. Incidents with only a typed place have no point and never pass. */
function areaTest(area: AreaFilter): (point: [number, number] | null) => boolean {
	if (area.kind === 'map') return (point) => inBounds(point, area.bounds);
	const [lng, lat] = area.center;
	const dLat = area.metres / 110_574;
	const dLng = area.metres / (111_320 * Math.cos((lat * Math.PI) / 180));
	const box = { west: lng - dLng, east: lng + dLng, south: lat - dLat, north: lat + dLat };
	return (point) => inBounds(point, box) && distanceMetres(area.center, point!) <= area.metres;
}

/** The items that pass every filter, in the order given. `now`: epoch ms (the server's clock, as the queue knows it). */
export function filterQueue(items: readonly QueueItem[], filter: QueueFilter, now: number): QueueItem[] {
	const words = searchable(filter.search).split(/\s+/).filter(Boolean);
	const since = filter.time ? now - timeWindows[filter.time] : null;
	const { status, category, group } = filter;
	const inArea = filter.area ? areaTest(filter.area) : null;
	const out: QueueItem[] = [];
	for (const item of items) {
		const i = item.incident;
		if (status === 'open' ? !item.open : status !== 'all' && i.state !== status) continue;
		if (group && i.group !== group) continue;
		if (category && i.category !== category && !i.categories.includes(category)) continue;
		if (since !== null && item.openedMs < since) continue;
		if (inArea && !inArea(i.point)) continue;
		if (words.length && !words.every((w) => item.text.includes(w))) continue;
		out.push(item);
	}
	return out;
}

/** Whether any filter narrows the queue beyond the default (open incidents). */
export const isFiltered = (f: QueueFilter): boolean => f.status !== 'open' || !!f.category || !!f.group || !!f.time || !!f.area || f.search.trim() !== '';
