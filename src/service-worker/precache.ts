export interface PrecacheEntry {
	url: string;
	revision: string | null;
}

/** Files in static/ that the device never needs offline: install screenshots and legacy fonts. */
const notForOffline = [/^\/screenshots\//, /\.woff$/];

/**
 * What the service worker stores at install: the built app (already content-hashed, so no
 * revision), every prerendered route, and the static files a resident needs.
 */
export function precacheEntries(build: string[], files: string[], prerendered: string[], version: string): PrecacheEntry[] {
	const keep = (url: string) => !notForOffline.some((pattern) => pattern.test(url));
	return [
		...build.filter(keep).map((url) => ({ url, revision: null })),
		...files.filter(keep).map((url) => ({ url, revision: version })),
		...prerendered.map((url) => ({ url, revision: version }))
	];
}
