// Bundles the server (server/main.ts and what it imports from src/lib/domain) into one ES module,
// build/cuadra-server.js, so production runs plain JavaScript: no TypeScript loader in the
// process, a faster start and less memory. Packages stay in node_modules.
import { build } from 'esbuild';

await build({
	entryPoints: ['server/main.ts'],
	outfile: 'build/cuadra-server.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	sourcemap: true,
	logLevel: 'warning',
	banner: { js: '// Built by scripts/build-server.mjs from server/. Do not edit.' }
});
console.log('server bundle: build/cuadra-server.js');
