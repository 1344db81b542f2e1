import { describe, expect, it } from 'vitest';
import { alertAreaSchema, inArea, isAlertRadius } from './area.ts';

const metro = [-70.6128, -33.4255] as const;
/** ~1 m of latitude in degrees. */
const metre = 1 / 111_195;
const north = (metres: number) => [metro[0], metro[1] + metres * metre] as const;

describe('the alert area', () => {
	it('holds a report within its radius and not one beyond it', () => {
		const area = { centre: metro, radiusMetres: 300 as const };
		expect(inArea(metro, area)).toBe(true);
		expect(inArea(north(290), area)).toBe(true);
		expect(inArea(north(310), area)).toBe(false);
		expect(inArea(north(310), { ...area, radiusMetres: 500 })).toBe(true);
		expect(inArea(north(990), { ...area, radiusMetres: 1000 })).toBe(true);
		expect(inArea(north(1010), { ...area, radiusMetres: 1000 })).toBe(false);
	});

	it('never holds a place described only in words (no point)', () => {
		expect(inArea(null, { centre: metro, radiusMetres: 1000 })).toBe(false);
	});

	it('offers only the listed radii and validates what is stored', () => {
		expect([300, 500, 1000].every(isAlertRadius)).toBe(true);
		expect(isAlertRadius(5000)).toBe(false);
		const stored = { centre: [...metro], radiusMetres: 500, source: 'gps', municipality: 'providencia', setAt: '2026-11-21T12:00:00.000Z' };
		expect(alertAreaSchema.safeParse(stored).success).toBe(true);
		expect(alertAreaSchema.safeParse({ ...stored, radiusMetres: 50_000 }).success).toBe(false);
		expect(alertAreaSchema.safeParse({ ...stored, centre: [-200, 0] }).success).toBe(false);
	});
});
