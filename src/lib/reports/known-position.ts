import type { LngLat } from '$lib/domain/geo.ts';

/**
 * The person's position, only when they have already allowed Cuadra to read it: never asks (no
 * permission prompt on a screen that did not ask for the location). A recent fix is good enough.
 */
export async function knownPosition(timeoutMs = 10_000): Promise<LngLat | null> {
	if (typeof navigator === 'undefined' || !navigator.permissions || !('geolocation' in navigator)) return null;
	try {
		const status = await navigator.permissions.query({ name: 'geolocation' });
		if (status.state !== 'granted') return null;
	} catch {
		return null;
	}
	return new Promise((resolve) => {
		navigator.geolocation.getCurrentPosition(
			(p) => resolve([p.coords.longitude, p.coords.latitude]),
			() => resolve(null),
			{ enableHighAccuracy: false, timeout: timeoutMs, maximumAge: 10 * 60_000 }
		);
	});
}
