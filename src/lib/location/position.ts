import type { LngLat } from '$lib/domain/geo.ts';

/** Why there is no position: named, never thrown. */
export type PositionFailure = 'denied' | 'timeout' | 'unavailable' | 'unsupported';

/** Where the phone is: longitude/latitude, and the accuracy in whole metres when the phone says it. */
export interface PositionFix {
	point: LngLat;
	accuracy: number | null;
}

export type PositionResult = { ok: true; fix: PositionFix } | { ok: false; reason: PositionFailure };

export interface ReadPositionOptions {
	/** The GPS (default), or whatever answers quicker and costs less battery. */
	highAccuracy?: boolean;
	/** How old a fix may be and still be taken at once (default 0: a new one). */
	maximumAgeMs?: number;
	/** How long the phone gets (default 15 s). */
	timeoutMs?: number;
	/** Tests: a stand-in for `navigator.geolocation` (absent: the browser's). */
	geolocation?: Geolocation | undefined;
}

/**
 * The device's one way to read its position (`getCurrentPosition`), once; the app never follows
 * the person. Never rejects: a denial, a timeout or no geolocation at all is an answer. Some
 * browsers never call back when a permission prompt is ignored, so it gives up on its own too.
 */
export function readPosition(options: ReadPositionOptions = {}): Promise<PositionResult> {
	const geolocation = options.geolocation ?? globalThis.navigator?.geolocation;
	const timeoutMs = options.timeoutMs ?? 15_000;
	if (!geolocation) return Promise.resolve({ ok: false, reason: 'unsupported' });
	return new Promise((resolve) => {
		const guard = setTimeout(() => resolve({ ok: false, reason: 'timeout' }), timeoutMs + 1000);
		geolocation.getCurrentPosition(
			(position) => {
				clearTimeout(guard);
				const { longitude, latitude, accuracy } = position.coords;
				resolve({ ok: true, fix: { point: [longitude, latitude], accuracy: Number.isFinite(accuracy) ? Math.round(accuracy) : null } });
			},
			(error) => {
				clearTimeout(guard);
				resolve({ ok: false, reason: error.code === 1 ? 'denied' : error.code === 3 ? 'timeout' : 'unavailable' });
			},
			{ enableHighAccuracy: options.highAccuracy ?? true, maximumAge: options.maximumAgeMs ?? 0, timeout: timeoutMs }
		);
	});
}

/** Whether the person has already allowed Cuadra to read the position (false when the browser cannot say). */
export async function positionAllowed(): Promise<boolean> {
	if (typeof navigator === 'undefined' || !navigator.permissions || !('geolocation' in navigator)) return false;
	try {
		return (await navigator.permissions.query({ name: 'geolocation' })).state === 'granted';
	} catch {
		return false;
	}
}

/**
 * The person's position, only when they have already allowed Cuadra to read it: never asks (no
 * permission prompt on a screen that did not ask for the location). A recent fix is good enough.
 */
export async function knownPosition(timeoutMs = 10_000): Promise<LngLat | null> {
	if (!(await positionAllowed())) return null;
	const result = await readPosition({ highAccuracy: false, timeoutMs, maximumAgeMs: 10 * 60_000 });
	return result.ok ? result.fix.point : null;
}
