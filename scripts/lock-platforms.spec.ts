import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('package-lock.json', () => {
	it('lists every optional platform package, so `npm ci` accepts it (run scripts/lock-platforms.mjs after npm install)', () => {
		const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
		const packages: Record<string, { optionalDependencies?: Record<string, string> }> = lock.packages;
		const missing: string[] = [];
		for (const [path, meta] of Object.entries(packages)) {
			for (const dep of Object.keys(meta.optionalDependencies ?? {})) {
				const nested = `${path ? path + '/' : ''}node_modules/${dep}`;
				if (!packages[nested] && !packages[`node_modules/${dep}`]) missing.push(`${dep} (for ${path || 'the project'})`);
			}
		}
		expect(missing).toEqual([]);
	});
});
