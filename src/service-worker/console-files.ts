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
 * The built files that only the console uses: those reachable from the console's route nodes
 * (static and dynamic imports, their CSS and assets) that nothing else reaches. Everything reachable
 * from the app's other entries (start, app and every other route node), never stepping into a
 * console node, is the residents'; so is any file the graph does not link at all (a CSS file loaded
 * by a dynamic `import()` of a stylesheet): when in doubt, a file stays in the precache. A chunk
 * shared by both (Leaflet, Svelte's runtime) stays with the residents. Answers `/`-rooted paths,
 * like `$service-worker`'s `build`.
 */
export function consoleOnlyFiles(manifest: Record<string, ManifestChunk>, consoleNodes: ReadonlySet<string>): string[] {
	const reach = (roots: string[], skip: ReadonlySet<string>) => {
		const files = new Set<string>();
		const seen = new Set<string>();
		const visit = (key: string) => {
			if (seen.has(key) || skip.has(key)) return;
			seen.add(key);
			const chunk = manifest[key];
			if (!chunk) return;
			for (const file of [chunk.file, ...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(file);
			for (const next of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(next);
		};
		roots.forEach(visit);
		return files;
	};
	const entries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry);
	const residents = reach(entries, consoleNodes);
	const console = reach([...consoleNodes], new Set());
	return [...console].filter((file) => !residents.has(file)).map((file) => `/${file}`).sort();
}
