import { registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { isTileRequest } from './tiles.ts';

/** Runtime caches are named and versioned here, so a later worker can migrate or drop them. */
export const cacheNames = { config: 'cuadra-config-v1', tiles: 'cuadra-tiles-v1' };


export function registerRuntimeRoutes(): void {
	// The municipality's public configuration: fresh when the network answers, the last copy when not.
	registerRoute(
		({ url, request }) => request.method === 'GET' && url.origin === self.location.origin && url.pathname === '/api/config',
		new NetworkFirst({ cacheName: cacheNames.config, networkTimeoutSeconds: 4 })
	);
	// Map tiles, from whatever URL the municipality configured: cached as they are seen.
	registerRoute(
		({ url, request }) => isTileRequest(url, request),
		new CacheFirst({
			cacheName: cacheNames.tiles,
			plugins: [new ExpirationPlugin({ maxEntries: 2000, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true })]
		})
	);
}
