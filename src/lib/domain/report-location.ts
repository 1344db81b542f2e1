import type { LngLat } from './geo.ts';

/** H3 resolution 9 cells are about 0.1 km² (edge ≈ 174 m): a block or two, never one home. */
export const COARSE_RESOLUTION = 9;

export interface PublicPosition {
	point: LngLat;
	coarse: boolean;
	cell: string | null;
}

/**
 * What the public sees of a pin. Where a category points at a home (a burglary, domestic trouble),
 * only the centre of the H3 cell holding the pin, so a map never points at one house.
 *
 * h3-js is loaded on the first such report, not before: its compiled library reserves a 32 MiB
 * heap, which a server that never coarsens a pin need not carry.
 */
export async function publicPosition(pin: LngLat, pointsAtHome: boolean): Promise<PublicPosition> {
	if (!pointsAtHome) return { point: [pin[0], pin[1]], coarse: false, cell: null };
	const { cellToLatLng, latLngToCell } = await import('h3-js');
	const cell = latLngToCell(pin[1], pin[0], COARSE_RESOLUTION);
	const [lat, lng] = cellToLatLng(cell);
	return { point: [lng, lat], coarse: true, cell };
}
