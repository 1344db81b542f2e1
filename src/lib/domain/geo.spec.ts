import { describe, expect, it } from 'vitest';
import demo from '../../../server/seed/demo-municipalities.json' with { type: 'json' };
import { boundarySchema } from './municipality.ts';
import { contains, distanceMetres, municipalityAt } from './geo.ts';

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
