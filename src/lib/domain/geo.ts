import type { Boundary } from './municipality.ts';

/** [longitude, latitude], as in GeoJSON. */
export type LngLat = readonly [number, number];

/** Ray casting on one ring. Points on the edge may fall either way, which is fine at this scale. */
function inRing(point: LngLat, ring: readonly (readonly number[])[]): boolean {
	const [x, y] = point;
	let inside = false;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const [xi, yi] = ring[i] as [number, number];
		const [xj, yj] = ring[j] as [number, number];
		if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
	}
	return inside;
}

function inPolygon(point: LngLat, rings: readonly (readonly (readonly number[])[])[]): boolean {
	const [outer, ...holes] = rings;
	return !!outer && inRing(point, outer) && !holes.some((hole) => inRing(point, hole));
}

export function contains(boundary: Boundary, point: LngLat): boolean {
	return boundary.type === 'Polygon'
		? inPolygon(point, boundary.coordinates)
		: boundary.coordinates.some((polygon) => inPolygon(point, polygon));
}

/** The first municipality whose boundary holds the point, or undefined outside all of them. */
export function municipalityAt<T extends { boundary: Boundary }>(municipalities: readonly T[], point: LngLat): T | undefined {
	return municipalities.find((m) => contains(m.boundary, point));
}

/** Great-circle distance in metres. */
export function distanceMetres(a: LngLat, b: LngLat): number {
	const rad = Math.PI / 180;
	const dLat = (b[1] - a[1]) * rad;
	const dLng = (b[0] - a[0]) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
	return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const EARTH_RADIUS_METRES = 6_371_008.8;
const RAD = Math.PI / 180;

/** Every edge of a boundary, ring by ring (holes included: their edges are borders too). */
function edgesOf(boundary: Boundary): [LngLat, LngLat][] {
	const polygons = boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
	const edges: [LngLat, LngLat][] = [];
	for (const rings of polygons)
		for (const ring of rings)
			for (let i = 1; i < ring.length; i++) edges.push([ring[i - 1] as unknown as LngLat, ring[i] as unknown as LngLat]);
	return edges;
}

/**
 * The point of an edge nearest to `point`, and how far it is in metres. Flat around `point`
 * (an equirectangular projection), which is exact enough within a few kilometres.
 */
function nearestOnEdge(point: LngLat, [a, b]: [LngLat, LngLat]): { at: LngLat; metres: number } {
	const kx = Math.cos(point[1] * RAD) * RAD * EARTH_RADIUS_METRES;
	const ky = RAD * EARTH_RADIUS_METRES;
	const ax = (a[0] - point[0]) * kx;
	const ay = (a[1] - point[1]) * ky;
	const bx = (b[0] - point[0]) * kx;
	const by = (b[1] - point[1]) * ky;
	const dx = bx - ax;
	const dy = by - ay;
	const length2 = dx * dx + dy * dy;
	const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length2));
	const x = ax + t * dx;
	const y = ay + t * dy;
	return { at: [point[0] + x / kx, point[1] + y / ky], metres: Math.hypot(x, y) };
}

/** The nearest point of a boundary's edges to `point`, and its distance in metres. */
function nearestOnBoundary(boundary: Boundary, point: LngLat): { at: LngLat; metres: number } | null {
	let best: { at: LngLat; metres: number } | null = null;
	for (const edge of edgesOf(boundary)) {
		const near = nearestOnEdge(point, edge);
		if (!best || near.metres < best.metres) best = near;
	}
	return best;
}

/** Whether a circle of `radiusMetres` around `point` (a GPS fix and its accuracy) crosses the boundary's edge. */
export function circleCrosses(boundary: Boundary, point: LngLat, radiusMetres: number): boolean {
	const near = nearestOnBoundary(boundary, point);
	return !!near && near.metres <= radiusMetres;
}

/**
 * The municipalities a position may be in, given its accuracy: the one holding the point and every
 * one whose boundary the accuracy circle crosses, in the order given. More than one: the resident
 * is asked which side it happened on.
 */
export function municipalitiesNear<T extends { boundary: Boundary }>(municipalities: readonly T[], point: LngLat, radiusMetres: number): T[] {
	return municipalities.filter((m) => contains(m.boundary, point) || circleCrosses(m.boundary, point, radiusMetres));
}

/**
 * `point` if the boundary holds it, else the nearest point a few metres inside the boundary (the
 * pin moved just across the border to the side the resident chose); null if none is found.
 */
export function pointInside(boundary: Boundary, point: LngLat): LngLat | null {
	if (contains(boundary, point)) return point;
	const near = nearestOnBoundary(boundary, point);
	if (!near) return null;
	const kx = Math.cos(point[1] * RAD) * RAD * EARTH_RADIUS_METRES;
	const ky = RAD * EARTH_RADIUS_METRES;
	const dx = (near.at[0] - point[0]) * kx;
	const dy = (near.at[1] - point[1]) * ky;
	const length = Math.hypot(dx, dy) || 1;
	// Past the edge, away from the point, a little further each try (a corner may need more).
	for (const beyond of [2, 5, 15, 40]) {
		const moved: LngLat = [near.at[0] + (dx / length) * (beyond / kx), near.at[1] + (dy / length) * (beyond / ky)];
		if (contains(boundary, moved)) return moved;
	}
	return null;
}
