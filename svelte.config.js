import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// workbox-window registers the worker (src/lib/pwa), so it can show the update prompt.
		serviceWorker: { register: false },
		alias: { $server: 'server' },
		prerender: { handleHttpError: 'fail' },
		version: { pollInterval: 0 }
	}
};

export default config;
