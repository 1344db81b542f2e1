import { describe, expect, it } from 'vitest';
import { consoleOnlyFiles, isConsoleNodeSource, type ManifestChunk } from './console-files.ts';

const node = (n: number) => `.svelte-kit/generated/client-optimized/nodes/${n}.js`;

describe('consoleOnlyFiles', () => {
	// A build shaped like Kit's: two entries, the root layout (0), a resident page (2), the console's layout (3) and page (4).
	const manifest: Record<string, ManifestChunk> = {
		'start.js': { file: '_app/immutable/entry/start.a.js', isEntry: true, imports: ['_runtime.js'] },
		'app.js': { file: '_app/immutable/entry/app.a.js', isEntry: true, imports: ['_runtime.js'], dynamicImports: [node(0), node(2), node(3), node(4)] },
		'_runtime.js': { file: '_app/immutable/chunks/runtime.a.js' },
		[node(0)]: { file: '_app/immutable/nodes/0.a.js', isEntry: true, imports: ['_runtime.js'], css: ['_app/immutable/assets/0.a.css'] },
		[node(2)]: { file: '_app/immutable/nodes/2.a.js', isEntry: true, imports: ['_runtime.js', '_format.js'], dynamicImports: ['_leaflet.js'] },
		[node(3)]: { file: '_app/immutable/nodes/3.a.js', isEntry: true, imports: ['_runtime.js', '_ops-api.js', '_format.js'], css: ['_app/immutable/assets/3.a.css'] },
		[node(4)]: { file: '_app/immutable/nodes/4.a.js', isEntry: true, imports: ['_ops-api.js'], dynamicImports: ['_leaflet.js', '_ops-map.js'] },
		'_format.js': { file: '_app/immutable/chunks/format.a.js' },
		'_ops-api.js': { file: '_app/immutable/chunks/ops-api.a.js' },
		'_leaflet.js': { file: '_app/immutable/chunks/leaflet.a.js', css: ['_app/immutable/assets/leaflet.a.css'], assets: ['_app/immutable/assets/marker.a.png'] },
		'_ops-map.js': { file: '_app/immutable/chunks/ops-map.a.js', imports: ['_leaflet.js'] },
		// A stylesheet loaded with import('….css') is in the manifest but linked from no chunk.
		'node_modules/leaflet/dist/leaflet.css': { file: '_app/immutable/assets/leaflet.b.css' }
	};

	it('leaves out what only the console nodes reach, and keeps what residents share with them or nothing links', () => {
		expect(consoleOnlyFiles(manifest, new Set([node(3), node(4)]))).toEqual([
			'/_app/immutable/assets/3.a.css',
			'/_app/immutable/chunks/ops-api.a.js',
			'/_app/immutable/chunks/ops-map.a.js',
			'/_app/immutable/nodes/3.a.js',
			'/_app/immutable/nodes/4.a.js'
		]);
	});

	it('leaves out nothing when there is no console', () => {
		expect(consoleOnlyFiles(manifest, new Set())).toEqual([]);
	});
});

describe('isConsoleNodeSource', () => {
	it('recognises a node whose component is under src/routes/ops/', () => {
		expect(isConsoleNodeSource('export { default as component } from "../../../../src/routes/ops/+page.svelte";')).toBe(true);
		expect(isConsoleNodeSource('import * as universal from "../../../../src/routes/ops/+layout.ts";\nexport { default as component } from "../../../../src/routes/ops/+layout.svelte";')).toBe(true);
		expect(isConsoleNodeSource('export { default as component } from "../../../../src/routes/reports/new/+page.svelte";')).toBe(false);
		expect(isConsoleNodeSource('import * as universal from "../../../../src/routes/+layout.ts";\nexport { default as component } from "../../../../src/routes/ops/+page.svelte";')).toBe(false);
		expect(isConsoleNodeSource('export { default as component } from "../../../../node_modules/@sveltejs/kit/src/runtime/components/svelte-5/error.svelte";')).toBe(false);
	});
});
