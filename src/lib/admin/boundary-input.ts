import { boundarySchema, type Boundary } from '$lib/domain/municipality.ts';

/**
 * The boundary screen's pure parts (issue 17, item 3): reading a boundary from what an admin
 * uploads or types, closing a drawn shape, and saying how big a boundary is.
 */
export type BoundaryRead = { ok: true; boundary: Boundary } | { ok: false; problems: string[] };

/** The server takes a configuration of up to 1 MiB; the boundary must leave room for the rest. */
export const BOUNDARY_MAX_BYTES = 900 * 1024;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The geometry in a GeoJSON text: a Polygon or MultiPolygon, alone, in a Feature, or the one polygon feature of a FeatureCollection. */
function geometryOf(value: unknown): { geometry: unknown } | { problem: string } {
	if (!isObject(value)) return { problem: 'not_geojson' };
	if (value.type === 'FeatureCollection') {
		const features = Array.isArray(value.features) ? value.features.filter((f) => isObject(f) && isObject(f.geometry) && ['Polygon', 'MultiPolygon'].includes(String((f.geometry as Json).type))) : [];
		if (features.length !== 1) return { problem: features.length ? 'several_polygons' : 'no_polygon' };
		return { geometry: (features[0] as Json).geometry };
	}
	if (value.type === 'Feature') return isObject(value.geometry) ? { geometry: value.geometry } : { problem: 'no_polygon' };
	return { geometry: value };
}

/** Reads a boundary from GeoJSON text; the problems are codes (`not_json`, `too_big`, …) or the schema's own words with their path. */
export function readBoundary(text: string): BoundaryRead {
	if (new TextEncoder().encode(text).length > BOUNDARY_MAX_BYTES) return { ok: false, problems: ['too_big'] };
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return { ok: false, problems: ['not_json'] };
	}
	const found = geometryOf(value);
	if ('problem' in found) return { ok: false, problems: [found.problem] };
	const parsed = boundarySchema.safeParse(found.geometry);
	if (parsed.success) return { ok: true, boundary: parsed.data };
	return { ok: false, problems: parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)) };
}

/** A drawn shape, its corners in the order clicked ([lng, lat]), as a closed Polygon; null under 3 corners. */
export function drawnBoundary(corners: readonly (readonly [number, number])[]): Boundary | null {
	if (corners.length < 3) return null;
	const ring = corners.map(([lng, lat]) => [round(lng), round(lat)] as [number, number]);
	return { type: 'Polygon', coordinates: [[...ring, ring[0] as [number, number]]] };
}

/** Six decimals: about 10 cm, more than a boundary needs. */
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** How many polygons and positions a boundary has (for "1 area, 42 points"). */
export function boundarySize(boundary: Boundary): { polygons: number; points: number } {
	const polygons = boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
	return { polygons: polygons.length, points: polygons.reduce((n, p) => n + p.reduce((k, ring) => k + ring.length - 1, 0), 0) };
}
