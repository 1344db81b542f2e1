/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, prerendered, version } from '$service-worker';
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { clientsClaim } from 'workbox-core';
import { precacheEntries } from './precache.ts';
import consoleFiles from '$console-files';
import { routeNavigationsToShell } from './navigation.ts';
import { registerRuntimeRoutes } from './runtime.ts';
import { listenForSkipWaiting } from './lifecycle.ts';
import { openNotificationTargets } from './notifications.ts';

declare const self: ServiceWorkerGlobalScope;

// Pages read their query on the device (e.g. /reports/view?id=…): any query still gets the page's
// own prerendered file, whose relative asset paths fit its place, not the root shell's.
// Nothing of the operators' console is stored for residents (its pages and its own chunks).
precacheAndRoute(precacheEntries(build, files, prerendered, version, consoleFiles as string[]), { ignoreURLParametersMatching: [/.*/] });
cleanupOutdatedCaches();
routeNavigationsToShell('/');
registerRuntimeRoutes();
listenForSkipWaiting(self);
openNotificationTargets(self);
// The first worker controls the page at once; later ones wait for the person (see lifecycle.ts).
clientsClaim();
