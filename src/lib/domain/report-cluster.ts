import type { LngLat } from './geo.ts';

export interface Bounds {
	west: number;
	south: number;
	east: number;
	north: number;
}

export interface Cluster<T> {
	/** Mean position of the members. */
	point: LngLat;
	members: T[];
}

/**
 * Grid clustering in Web Mercator pixels: at zoom z the world is 256·2^z pixels wide; points in the
 * same `cellPixels`-wide square join one cluster. Only points inside `bounds` are considered, so a
 * map with 10,000 reports draws at most a few dozen markers.
 */
export function clusterPoints<T>(
	items: readonly T[],
	pointOf: (item: T) => LngLat | null,
	zoom: number,
	bounds: Bounds | null = null,
	cellPixels = 64
): Cluster<T>[] {
	const scale = (256 * 2 ** zoom) / cellPixels;
	const cells = new Map<string, { lng: number; lat: number; members: T[] }>();
	for (const item of items) {
		const p = pointOf(item);
		if (!p) continue;
		const [lng, lat] = p;
		if (bounds && (lng < bounds.west || lng > bounds.east || lat < bounds.south || lat > bounds.north)) continue;
		const x = Math.floor(((lng + 180) / 360) * scale);
		const sin = Math.sin((lat * Math.PI) / 180);
		const y = Math.floor((0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale);
		const key = `${x}:${y}`;
		const cell = cells.get(key);
		if (cell) {
			cell.lng += lng;
			cell.lat += lat;
			cell.members.push(item);
		} else {
			cells.set(key, { lng, lat, members: [item] });
		}
	}
	return [...cells.values()].map((c) => ({ point: [c.lng / c.members.length, c.lat / c.members.length], members: c.members }));
}
