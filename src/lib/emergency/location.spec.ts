import { describe, expect, it } from 'vitest';
import { locate } from './location.ts';

const geo = (answer: (ok: PositionCallback, fail: PositionErrorCallback) => void) =>
	({ getCurrentPosition: (ok: PositionCallback, fail: PositionErrorCallback) => answer(ok, fail) }) as unknown as Geolocation;

describe('locate', () => {
	it('returns the GPS position with a rounded accuracy', async () => {
		const result = await locate(geo((ok) => ok({ coords: { latitude: -33.4, longitude: -70.6, accuracy: 12.7 } } as GeolocationPosition)));
		expect(result).toEqual({ ok: true, location: { latitude: -33.4, longitude: -70.6, accuracy: 13 } });
	});

	it('names a denial and a timeout, and never rejects', async () => {
		expect(await locate(geo((_ok, fail) => fail?.({ code: 1 } as GeolocationPositionError)))).toEqual({ ok: false, reason: 'denied' });
		expect(await locate(geo((_ok, fail) => fail?.({ code: 3 } as GeolocationPositionError)))).toEqual({ ok: false, reason: 'timeout' });
		expect(await locate(geo(() => undefined), 10)).toEqual({ ok: false, reason: 'timeout' });
		expect(await locate(undefined)).toEqual({ ok: false, reason: 'unsupported' });
	});
});
