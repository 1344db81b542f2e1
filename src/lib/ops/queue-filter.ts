import { isOpenState, type IncidentState } from '../domain/lifecycle.ts';
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
	/** Only incidents inside these bounds (the map's view), when set. */
	area: Bounds | null;
	search: string;
}

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

/** The items that pass every filter, in the order given. `now`: epoch ms (the server's clock, as the queue knows it). */
export function filterQueue(items: readonly QueueItem[], filter: QueueFilter, now: number): QueueItem[] {
	const words = searchable(filter.search).split(/\s+/).filter(Boolean);
	const since = filter.time ? now - timeWindows[filter.time] : null;
	const { status, category, group, area } = filter;
	const out: QueueItem[] = [];
	for (const item of items) {
		const i = item.incident;
		if (status === 'open' ? !item.open : status !== 'all' && i.state !== status) continue;
		if (group && i.group !== group) continue;
		if (category && i.category !== category && !i.categories.includes(category)) continue;
		if (since !== null && item.openedMs < since) continue;
		if (area && !inBounds(i.point, area)) continue;
		if (words.length && !words.every((w) => item.text.includes(w))) continue;
		out.push(item);
	}
	return out;
}

/** Whether any filter narrows the queue beyond the default (open incidents). */
export const isFiltered = (f: QueueFilter): boolean => f.status !== 'open' || !!f.category || !!f.group || !!f.time || !!f.area || f.search.trim() !== '';
