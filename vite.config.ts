import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vitest/config';
import { consoleFilesPlugin } from './scripts/vite-console-files.ts';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// The app is rendered on the device, so the locale lives there too.
			strategy: ['localStorage', 'preferredLanguage', 'baseLocale'],
			// One module per message, so each page's chunks carry only the messages it shows. The
			// plugin's default outside NODE_ENV=production is one module per locale, which put every
			// message of the app (the console's too) into one 58 KiB chunk that every page loaded.
			outputStructure: 'message-modules'
		}),
		sveltekit(),
		// Which built files only the operators' console uses, for the service worker's precache.
		consoleFilesPlugin()
	],
	server: {
		port: 5173,
		// `npm run dev` is the UI with hot reload; the API and sync come from a running server
		// (`npm run demo` or `npm start`, port 3000 unless CUADRA_DEV_API says otherwise).
		proxy: {
			'/api': process.env.CUADRA_DEV_API ?? 'http://127.0.0.1:3000',
			'/sync': { target: process.env.CUADRA_DEV_API ?? 'http://127.0.0.1:3000', ws: true }
		}
	},
	test: {
		reporters: ['default', './tests/support/summary-reporter.ts'],
		// Vitest's default is one worker less than the cores: one file at a time on a two-core
		// machine. The integration files wait on their servers' sockets more than they compute, so
		// two run at once (docs/architecture.md, "Tests").
		maxWorkers: 2,
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.spec.ts', 'server/**/*.spec.ts', 'scripts/**/*.spec.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/support/build-once.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				test: {
					name: 'browser',
					include: ['tests/browser/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/support/build-once.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000,
					// One file at a time: two Chromiums at once on two cores push the heavier pages past
					// their timeouts (tried: a11y and pwa failed).
					fileParallelism: false
				}
			}
		]
	}
});
