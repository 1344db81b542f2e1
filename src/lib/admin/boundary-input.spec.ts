import { describe, expect, it } from 'vitest';
import { boundarySize, drawnBoundary, readBoundary } from './boundary-input.ts';

const square = { type: 'Polygon', coordinates: [[[-70.6, -33.4], [-70.5, -33.4], [-70.5, -33.5], [-70.6, -33.5], [-70.6, -33.4]]] };

describe('reading a boundary an admin uploads or types', () => {
	it('takes a bare geometry, a Feature, or a FeatureCollection with one polygon', () => {
		expect(readBoundary(JSON.stringify(square))).toEqual({ ok: true, boundary: square });
		expect(readBoundary(JSON.stringify({ type: 'Feature', properties: { name: 'x' }, geometry: square }))).toEqual({ ok: true, boundary: square });
		const collection = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [-70.6, -33.4] } }, { type: 'Feature', properties: {}, geometry: square }] };
		expect(readBoundary(JSON.stringify(collection))).toEqual({ ok: true, boundary: square });
		const multi = { type: 'MultiPolygon', coordinates: [square.coordinates, square.coordinates] };
		expect(readBoundary(JSON.stringify(multi))).toMatchObject({ ok: true });
	});

	it('says what is wrong: not JSON, no polygon, several, not closed, out of range, too big', () => {
		expect(readBoundary('{ nope')).toEqual({ ok: false, problems: ['not_json'] });
		expect(readBoundary(JSON.stringify({ type: 'Feature', geometry: null }))).toEqual({ ok: false, problems: ['no_polygon'] });
		expect(readBoundary(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: square }, { type: 'Feature', geometry: square }] }))).toEqual({ ok: false, problems: ['several_polygons'] });
		const open = { type: 'Polygon', coordinates: [[[-70.6, -33.4], [-70.5, -33.4], [-70.5, -33.5], [-70.6, -33.5]]] };
		expect(readBoundary(JSON.stringify(open))).toEqual({ ok: false, problems: ['coordinates.0: is not closed: its last position must be the same as its first'] });
		const far = { type: 'Polygon', coordinates: [[[-270, -33.4], [-70.5, -33.4], [-70.5, -33.5], [-270, -33.4]]] };
		expect(readBoundary(JSON.stringify(far))).toMatchObject({ ok: false, problems: [expect.stringMatching(/^coordinates\.0\.0\.0: must be a longitude/), expect.stringMatching(/coordinates\.0\.3\.0/)] });
		expect(readBoundary(JSON.stringify({ type: 'Point', coordinates: [0, 0] }))).toEqual({ ok: false, problems: ['type: must be a GeoJSON Polygon or MultiPolygon'] });
		expect(readBoundary(' '.repeat(1024 * 1024))).toEqual({ ok: false, problems: ['too_big'] });
	});
});

describe('a drawn boundary', () => {
	it('closes the corners into a Polygon, rounded to six decimals; fewer than three make none', () => {
		expect(drawnBoundary([[-70.6, -33.4], [-70.5, -33.4]])).toBeNull();
		expect(drawnBoundary([[-70.61234567, -33.4], [-70.5, -33.4], [-70.5, -33.5]])).toEqual({
			type: 'Polygon',
			coordinates: [[[-70.612346, -33.4], [-70.5, -33.4], [-70.5, -33.5], [-70.612346, -33.4]]]
		});
	});

	it('counts polygons and points (the closing repeat not counted)', () => {
		expect(boundarySize(square as never)).toEqual({ polygons: 1, points: 4 });
		expect(boundarySize({ type: 'MultiPolygon', coordinates: [square.coordinates, square.coordinates] } as never)).toEqual({ polygons: 2, points: 8 });
	});
});
