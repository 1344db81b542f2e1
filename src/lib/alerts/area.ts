import { z } from 'zod';
import { distanceMetres, type LngLat } from '$lib/domain/geo.ts';
import { lngLatSchema } from '$lib/domain/report.ts';

/** The radii a resident may choose around their alert point, in metres. */
export const ALERT_RADII = [300, 500, 1000] as const;
export type AlertRadius = (typeof ALERT_RADII)[number];
export const DEFAULT_ALERT_RADIUS: AlertRadius = 500;

/**
 * Where a resident wants to hear about events near them. Kept only on their device (Dexie
 * `cuadra-alerts`), never sent anywhere: docs/data-register.md.
 */
export const alertAreaSchema = z.object({
	/** [longitude, latitude]: a point chosen on the map, or the device's position read once. */
	centre: lngLatSchema,
	radiusMetres: z.union([z.literal(300), z.literal(500), z.literal(1000)]),
	source: z.enum(['map', 'gps']),
	/** The municipality whose feed is watched (the one around the centre). */
	municipality: z.string().min(1).max(64),
	setAt: z.iso.datetime()
});
export type AlertArea = z.infer<typeof alertAreaSchema>;

export const isAlertRadius = (value: number): value is AlertRadius => (ALERT_RADII as readonly number[]).includes(value);

/** Whether a report's public position lies in the area. Places described in words (no point) never do. */
export function inArea(point: LngLat | null, area: { centre: LngLat; radiusMetres: number }): boolean {
	return point !== null && distanceMetres(point, area.centre) <= area.radiusMetres;
}
