import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// workbox-window registers the worker (src/lib/pwa), so it can show the update prompt.
		serviceWorker: { register: false },
		// Absolute asset paths: the service worker answers any deep link (/reports/…, /emergency/…)
		// with the root shell, which must then load its scripts from / wherever it is shown.
		paths: { relative: false },
		prerender: { handleHttpError: 'fail' },
		version: { pollInterval: 0 },
		// The built files only the operators' console uses (scripts/vite-console-files.ts), left out of the precache.
		alias: { '$console-files': '.svelte-kit/cuadra/console-files.json' }
	}
};

export default config;
