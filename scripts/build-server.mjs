// Bundles the server (server/main.ts, what it imports from src/lib/domain, and its packages) into
// one ES module, build/cuadra-server.js, so production runs plain JavaScript: no TypeScript
// loader, a faster start and less memory. Packages are bundled too, tree-shaken and without
// whitespace or comments: V8 keeps the source text of every module it loads, and one small file
// instead of hundreds of package files saves ~5 MiB of a resident server (bench/sync-results.md).
// Identifiers are not renamed, so stack traces stay readable; build/cuadra-server.js.map maps
// them back to the sources (node --enable-source-maps). No `keepNames`: it gives every closure
// made at run time a property of its own (~2 MiB with thousands of sockets). Native and optional packages stay in
// node_modules.
import { build } from 'esbuild';

await build({
	entryPoints: ['server/main.ts'],
	outfile: 'build/cuadra-server.js',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	external: ['better-sqlite3', 'pg', 'pg-native', 'bufferutil', 'utf-8-validate'],
	minifyWhitespace: true,
	minifySyntax: true,
	sourcemap: true,
	logLevel: 'warning',
	banner: {
		// CommonJS packages in an ES module bundle still call require().
		js: "// Built by scripts/build-server.mjs from server/. Do not edit.\nimport { createRequire as __cuadraRequire } from 'node:module';\nconst require = __cuadraRequire(import.meta.url);"
	}
});
console.log('server bundle: build/cuadra-server.js');
