import type { PanicLocation } from './alert.ts';

export type LocateResult = { ok: true; location: PanicLocation } | { ok: false; reason: 'denied' | 'timeout' | 'unavailable' | 'unsupported' };

/**
 * The phone's position from its GPS, which works with no data connection. A fix up to a minute old
 * is accepted at once (an emergency is no time to wait); otherwise the GPS gets `timeoutMs`.
 * Never rejects: with no position the alert still goes, without coordinates.
 */
export function locate(geolocation: Geolocation | undefined = globalThis.navigator?.geolocation, timeoutMs = 15_000): Promise<LocateResult> {
	if (!geolocation) return Promise.resolve({ ok: false, reason: 'unsupported' });
	return new Promise((resolve) => {
		// Some browsers never call back when the permission prompt is ignored: give up on our own too.
		const guard = setTimeout(() => resolve({ ok: false, reason: 'timeout' }), timeoutMs + 1000);
		geolocation.getCurrentPosition(
			(position) => {
				clearTimeout(guard);
				resolve({
					ok: true,
					location: {
						latitude: position.coords.latitude,
						longitude: position.coords.longitude,
						accuracy: Number.isFinite(position.coords.accuracy) ? Math.min(100_000, Math.round(position.coords.accuracy)) : null
					}
				});
			},
			(error) => {
				clearTimeout(guard);
				resolve({ ok: false, reason: error.code === 1 ? 'denied' : error.code === 3 ? 'timeout' : 'unavailable' });
			},
			{ enableHighAccuracy: true, maximumAge: 60_000, timeout: timeoutMs }
		);
	});
}
