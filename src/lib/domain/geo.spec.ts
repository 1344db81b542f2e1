import { describe, expect, it } from 'vitest';
import demo from '../../../server/seed/demo-municipalities.json' with { type: 'json' };
import { boundarySchema } from './municipality.ts';
import { circleCrosses, contains, distanceMetres, municipalitiesNear, municipalityAt, pointInside } from './geo.ts';

const municipalities = demo.municipalities.map((m) => ({ id: m.id, boundary: boundarySchema.parse(m.boundary) }));

describe('municipalityAt', () => {
	it('places well-known spots in the right demo comuna', () => {
		// Metro Pedro de Valdivia, Providencia; Parque Araucano, Las Condes.
		expect(municipalityAt(municipalities, [-70.6128, -33.4255])?.id).toBe('providencia');
		expect(municipalityAt(municipalities, [-70.5718, -33.4035])?.id).toBe('las-condes');
	});

	it('finds nothing outside every boundary', () => {
		// Plaza de Armas, Santiago centro.
		expect(municipalityAt(municipalities, [-70.6506, -33.4378])).toBeUndefined();
	});
});

describe('contains', () => {
	const square = boundarySchema.parse({ type: 'Polygon' as const, coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]] });
	it('respects holes', () => {
		expect(contains(square, [2, 2])).toBe(true);
		expect(contains(square, [5, 5])).toBe(false);
	});
	it('handles multipolygons', () => {
		const multi = boundarySchema.parse({ type: 'MultiPolygon' as const, coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]]] });
		expect(contains(multi, [5.5, 5.5])).toBe(true);
		expect(contains(multi, [3, 3])).toBe(false);
	});
});

describe('distanceMetres', () => {
	it('measures about 111 km per degree of latitude', () => {
		expect(distanceMetres([0, 0], [0, 1])).toBeCloseTo(111_195, -2);
		expect(distanceMetres([-70.6, -33.4], [-70.6, -33.4])).toBe(0);
	});
});

describe('the accuracy circle at a border', () => {
	// The demo's Providencia and Las Condes share the edge from (-70.583, -33.419) to (-70.587, -33.433);
	// at latitude -33.426 it runs through longitude -70.585. One metre of longitude there:
	const metre = 1 / (111_195 * Math.cos(33.426 * (Math.PI / 180)));
	const border: [number, number] = [-70.585, -33.426];
	const west = (m: number): [number, number] => [border[0] - m * metre, border[1]];
	const [providencia, lasCondes] = municipalities as [(typeof municipalities)[0], (typeof municipalities)[0]];
	const plazaDeArmas: [number, number] = [-70.6506, -33.4378];

	it('circleCrosses: a circle reaching past the edge crosses it, a smaller one does not', () => {
		// The edge is not quite north-south: 30 m west along the parallel is ~29 m from it.
		expect(circleCrosses(lasCondes.boundary, west(30), 100)).toBe(true);
		expect(circleCrosses(providencia.boundary, west(30), 100)).toBe(true);
		expect(circleCrosses(lasCondes.boundary, west(30), 20)).toBe(false);
		expect(circleCrosses(lasCondes.boundary, west(300), 100)).toBe(false);
	});

	it('municipalitiesNear: both sides within the accuracy circle, one side when it is small, none far from both', () => {
		expect(municipalitiesNear(municipalities, west(30), 100).map((m) => m.id)).toEqual(['providencia', 'las-condes']);
		expect(municipalitiesNear(municipalities, west(30), 10).map((m) => m.id)).toEqual(['providencia']);
		expect(municipalitiesNear(municipalities, west(-30), 10).map((m) => m.id)).toEqual(['las-condes']);
		expect(municipalitiesNear(municipalities, plazaDeArmas, 100)).toEqual([]);
		// A point outside both whose circle reaches one: only that one.
		expect(municipalitiesNear(municipalities, [-70.6355 - 200 * metre, -33.425], 300).map((m) => m.id)).toEqual(['providencia']);
	});

	it('pointInside: keeps a point already inside, moves one just across the border to the chosen side', () => {
		expect(pointInside(providencia.boundary, west(30))).toEqual(west(30));
		const moved = pointInside(lasCondes.boundary, west(30));
		expect(moved).not.toBeNull();
		expect(municipalityAt(municipalities, moved!)?.id).toBe('las-condes');
		// Just across: well within the 100 m accuracy circle.
		expect(distanceMetres(west(30), moved!)).toBeLessThan(40);
		expect(distanceMetres(west(30), moved!)).toBeGreaterThan(25);
	});

	it('respects holes: a point in a hole is near the hole’s edge', () => {
		const square = boundarySchema.parse({ type: 'Polygon' as const, coordinates: [[[0, 0], [0.1, 0], [0.1, 0.1], [0, 0.1], [0, 0]], [[0.04, 0.04], [0.06, 0.04], [0.06, 0.06], [0.04, 0.06], [0.04, 0.04]]] });
		expect(circleCrosses(square, [0.05, 0.05], 1200)).toBe(true);
		expect(circleCrosses(square, [0.05, 0.05], 1000)).toBe(false);
		const out = pointInside(square, [0.05, 0.05]);
		expect(out && contains(square, out)).toBe(true);
	});
});
