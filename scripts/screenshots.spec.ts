import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script module, shared with scripts/render-icons.mjs
import { hashInputs, screenshotInputs } from './screenshot-inputs.mjs';

describe('install screenshots (static/screenshots)', () => {
	it('were rendered from the home screen as it is now: `npm run demo`, then `node scripts/render-icons.mjs`', () => {
		const root = resolve(import.meta.dirname, '..');
		const recorded = JSON.parse(readFileSync(resolve(root, 'static/screenshots/rendered-from.json'), 'utf8')) as Record<string, string>;
		const cwd = process.cwd();
		process.chdir(root);
		try {
			const now = hashInputs(screenshotInputs) as Record<string, string>;
			const stale = Object.keys(now).filter((file) => recorded[file] !== now[file]);
			expect(stale, 'changed since the screenshots were rendered').toEqual([]);
		} finally {
			process.chdir(cwd);
		}
	});
});
