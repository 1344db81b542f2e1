/** One chunk of Vite's build manifest (`.vite/manifest.json`), as far as the precache needs it. */
export interface ManifestChunk {
	file: string;
	imports?: string[];
	dynamicImports?: string[];
	css?: string[];
	assets?: string[];
	isEntry?: boolean;
}

/** The console's pages: never precached for residents (issue 15). */
export const consolePages = /^\/ops(\/|$)/;

/** A Kit route node (`.svelte-kit/generated/client-optimized/nodes/N.js`) belongs to the console when every component or load it names lives under src/routes/ops/. */
export function isConsoleNodeSource(source: string): boolean {
	const routes = [...source.matchAll(/["']([^"']*src\/routes\/[^"']*)["']/g)].map((m) => m[1]!);
	return routes.length > 0 && routes.every((path) => /src\/routes\/ops\//.test(path));
}

/**
 * The built files that only the console uses: everything reachable from the app's entries (start,
 * app and every route node that is not the console's), following static and dynamic imports but
 * never stepping into a console node, is the residents'; every other file of the build is the
 * console's alone. A chunk shared by both (Leaflet, Svelte's runtime) stays with the residents.
 * Answers `/`-rooted paths, like `$service-worker`'s `build`.
 */
export function consoleOnlyFiles(manifest: Record<string, ManifestChunk>, consoleNodes: ReadonlySet<string>): string[] {
	const residents = new Set<string>();
	const seen = new Set<string>();
	const visit = (key: string) => {
		if (seen.has(key) || consoleNodes.has(key)) return;
		seen.add(key);
		const chunk = manifest[key];
		if (!chunk) return;
		for (const file of [chunk.file, ...(chunk.css ?? []), ...(chunk.assets ?? [])]) residents.add(file);
		for (const next of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(next);
	};
	for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry && !consoleNodes.has(key)) visit(key);
	const all = new Set(Object.values(manifest).flatMap((c) => [c.file, ...(c.css ?? []), ...(c.assets ?? [])]));
	return [...all].filter((file) => !residents.has(file)).map((file) => `/${file}`).sort();
}
