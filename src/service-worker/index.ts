/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, prerendered, version } from '$service-worker';
import { cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { clientsClaim } from 'workbox-core';
import { precacheEntries } from './precache.ts';
import { routeNavigationsToShell } from './navigation.ts';
import { registerRuntimeRoutes } from './runtime.ts';
import { listenForSkipWaiting } from './lifecycle.ts';

declare const self: ServiceWorkerGlobalScope;

precacheAndRoute(precacheEntries(build, files, prerendered, version));
cleanupOutdatedCaches();
routeNavigationsToShell('/');
registerRuntimeRoutes();
listenForSkipWaiting(self);
// The first worker controls the page at once; later ones wait for the person (see lifecycle.ts).
clientsClaim();
