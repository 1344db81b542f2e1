import { describe, expect, it } from 'vitest';
import { readPosition } from './position.ts';

describe('readPosition', () => {
	it('asks the phone once with the options given, and answers longitude/latitude with whole metres', async () => {
		let asked: PositionOptions | undefined;
		const geolocation = {
			getCurrentPosition: (ok: PositionCallback, _fail: PositionErrorCallback, options?: PositionOptions) => {
				asked = options;
				ok({ coords: { latitude: -33.4, longitude: -70.6, accuracy: 12.4 } } as GeolocationPosition);
			}
		} as unknown as Geolocation;
		expect(await readPosition({ geolocation, highAccuracy: false, maximumAgeMs: 600_000, timeoutMs: 10_000 })).toEqual({
			ok: true,
			fix: { point: [-70.6, -33.4], accuracy: 12 }
		});
		expect(asked).toEqual({ enableHighAccuracy: false, maximumAge: 600_000, timeout: 10_000 });
	});

	it('names an unavailable position and an unknown accuracy', async () => {
		const answering = (accuracy: number) =>
			({ getCurrentPosition: (ok: PositionCallback) => ok({ coords: { latitude: 1, longitude: 2, accuracy } } as GeolocationPosition) }) as unknown as Geolocation;
		expect(await readPosition({ geolocation: answering(Number.NaN) })).toEqual({ ok: true, fix: { point: [2, 1], accuracy: null } });
		const failing = { getCurrentPosition: (_ok: PositionCallback, fail: PositionErrorCallback) => fail({ code: 2 } as GeolocationPositionError) } as unknown as Geolocation;
		expect(await readPosition({ geolocation: failing })).toEqual({ ok: false, reason: 'unavailable' });
	});
});
