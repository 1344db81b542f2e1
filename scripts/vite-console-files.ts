import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';
import { consoleOnlyFiles, isConsoleNodeSource, type ManifestChunk } from '../src/service-worker/console-files.ts';

/** Where the list lives; svelte.config.js names it `$console-files` for the service worker. */
export const CONSOLE_FILES = '.svelte-kit/cuadra/console-files.json';

/**
 * After the client build, writes the built files only the operators' console uses (from Vite's
 * manifest and Kit's route nodes; see src/service-worker/console-files.ts), which Kit's service
 * worker build (run after the client build) imports to leave them out of the precache. Before any
 * build, and in dev, the list is empty.
 */
export function consoleFilesPlugin(): Plugin {
	let clientOutDir: string | null = null;
	const write = (files: string[]) => {
		mkdirSync(dirname(CONSOLE_FILES), { recursive: true });
		writeFileSync(CONSOLE_FILES, JSON.stringify(files, null, '\t') + '\n');
	};
	return {
		name: 'cuadra-console-files',
		configResolved(config) {
			clientOutDir = config.command === 'build' && !config.build.ssr ? config.build.outDir : null;
		},
		buildStart() {
			if (!existsSync(CONSOLE_FILES)) write([]);
		},
		writeBundle() {
			if (!clientOutDir) return;
			const manifest = JSON.parse(readFileSync(join(clientOutDir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
			const nodes = Object.keys(manifest).filter((key) => /generated\/client[^/]*\/nodes\/\d+\.js$/.test(key) && existsSync(key) && isConsoleNodeSource(readFileSync(key, 'utf8')));
			if (nodes.length === 0) throw new Error('cuadra-console-files: no console route node found in the client manifest; did src/routes/ops move?');
			write(consoleOnlyFiles(manifest, new Set(nodes)));
		}
	};
}
