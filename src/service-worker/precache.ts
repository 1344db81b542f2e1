import { consolePages } from './console-files.ts';

export interface PrecacheEntry {
	url: string;
	revision: string | null;
}

/** Files in static/ that the device never needs offline: install screenshots and legacy fonts. */
const notForOffline = [/^\/screenshots\//, /\.woff$/];

/**
 * What the service worker stores at install: the built app (already content-hashed, so no
 * revision), every prerendered route, and the static files a resident needs. Nothing of the
 * operators' console: not its pages (`/ops…`) nor the built files only it uses (`consoleFiles`,
 * from console-files.ts at build time); an operator's browser loads them from the network.
 */
export function precacheEntries(build: string[], files: string[], prerendered: string[], version: string, consoleFiles: readonly string[] = []): PrecacheEntry[] {
	const keep = (url: string) => !notForOffline.some((pattern) => pattern.test(url));
	const consoleOnly = new Set(consoleFiles);
	return [
		...build.filter((url) => keep(url) && !consoleOnly.has(url)).map((url) => ({ url, revision: null })),
		...files.filter(keep).map((url) => ({ url, revision: version })),
		...prerendered.filter((url) => !consolePages.test(url)).map((url) => ({ url, revision: version }))
	];
}
