/**
 * `npm run bench`: runs every bench/*.bench.ts in turn and prints its figures as a table.
 * `npm run bench -- first-load` runs only the benches whose file name contains "first-load".
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const filter = process.argv[2];
const dir = import.meta.dirname;
const files = readdirSync(dir)
	.filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
	.sort();

for (const file of files) {
	const bench = (await import(pathToFileURL(join(dir, file)).href)) as {
		title: string;
		/** Long benches (e.g. sync) run only when named: `npm run bench -- sync`. */
		onlyWhenAsked?: boolean;
		default: () => Promise<Record<string, unknown>[]> | Record<string, unknown>[];
	};
	if (bench.onlyWhenAsked && !filter) {
		console.log(`\n(${file} runs only when asked: npm run bench -- ${file.replace('.bench.ts', '')})`);
		continue;
	}
	console.log(`\n## ${bench.title} (${file})`);
	const started = performance.now();
	console.table(await bench.default());
	console.log(`took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

// Clients of some benches (y-websocket providers, browsers) may leave handles behind; the figures are printed.
process.exit(0);
