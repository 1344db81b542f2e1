import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The shape docs/architecture.md promises, checked on the source: no import cycles (type imports
 * included), the sync server imports no feature, and no feature reads its tables.
 */
const root = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (name === 'node_modules' || name === 'paraglide') return [];
		if (statSync(path).isDirectory()) return sources(path);
		return /\.ts$/.test(name) && !/\.(spec|test)\.ts$/.test(name) ? [path] : [];
	});
}

/** Relative imports of a file (`import … from './x.ts'`, `export … from`, `import('./x.ts')`), resolved. */
function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const out: string[] = [];
	for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+\.ts)'/g)) out.push(resolve(dirname(file), match[1] as string));
	return out;
}

const files = [...sources(join(root, 'server')), ...sources(join(root, 'src/lib'))];
const graph = new Map(files.map((file) => [file, importsOf(file).filter((target) => files.includes(target))]));

describe('the code’s shape', () => {
	it('has no import cycles in server/ and src/lib/', () => {
		const cycles: string[] = [];
		const state = new Map<string, 'open' | 'done'>();
		const stack: string[] = [];
		const visit = (file: string) => {
			state.set(file, 'open');
			stack.push(file);
			for (const next of graph.get(file) ?? []) {
				if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => relative(root, f)).join(' → '));
				else if (!state.has(next)) visit(next);
			}
			stack.pop();
			state.set(file, 'done');
		};
		for (const file of files) if (!state.has(file)) visit(file);
		expect(cycles).toEqual([]);
	});

	it('keeps the sync server free of features: it imports only infrastructure and the wire contract', () => {
		const allowed = ['server/sync/', 'server/auth/', 'server/config/', 'server/db/', 'server/http/', 'server/log.ts', 'src/lib/sync/protocol.ts'];
		const offending = files
			.filter((file) => relative(root, file).startsWith('server/sync/'))
			.flatMap((file) => (graph.get(file) ?? []).map((target) => [relative(root, file), relative(root, target)] as const))
			.filter(([, target]) => !allowed.some((prefix) => target.startsWith(prefix)));
		expect(offending).toEqual([]);
	});

	it('lets no feature read the sync server’s tables: they are behind the SyncStore (server/sync/store/)', () => {
		const readers = files
			.filter((file) => relative(root, file).startsWith('server/') && !/^server\/(sync|db)\//.test(relative(root, file)))
			.filter((file) => /\bsync_(update|client|audit)\b/.test(readFileSync(file, 'utf8')))
			.map((file) => relative(root, file));
		expect(readers).toEqual([]);
	});
});
