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
