import { createHandlerBoundToURL } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

/** Paths that are never the app: the server answers them, or nothing does. */
export const serverPaths = [/^\/api\//, /^\/sync\//];

/**
 * Every page of the app is rendered on the device, so any navigation, including a deep link to a
 * page that has no prerendered file, is answered with the precached shell, online or not.
 */
export function routeNavigationsToShell(shellUrl = '/'): void {
	registerRoute(new NavigationRoute(createHandlerBoundToURL(shellUrl), { denylist: serverPaths }));
}
