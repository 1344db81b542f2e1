import { describe, expect, it } from 'vitest';
import { latLngToCell } from 'h3-js';
import { distanceMetres } from './geo.ts';
import { publicPosition } from './report-location.ts';

describe('publicPosition', () => {
	const pin = [-70.6128, -33.4255] as const;

	it('keeps the pin for categories that do not point at a home', async () => {
		expect(await publicPosition(pin, false)).toEqual({ point: [-70.6128, -33.4255], coarse: false, cell: null });
	});

	it('shows only the centre of the H3 res-9 cell for categories that point at a home', async () => {
		const coarse = await publicPosition(pin, true);
		expect(coarse.coarse).toBe(true);
		expect(coarse.cell).toBe(latLngToCell(pin[1], pin[0], 9));
		expect(coarse.point).not.toEqual([pin[0], pin[1]]);
		// Within the cell (edge ≈ 174 m), and the same for every home in it.
		expect(distanceMetres(coarse.point, pin)).toBeLessThan(200);
		expect((await publicPosition([pin[0] + 0.0002, pin[1]], true)).point).toEqual(coarse.point);
	});
});
