import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestPath } from './manifest.ts';

const locales = ['es-CL', 'en', 'pt-BR'] as const;
const read = (locale: (typeof locales)[number]) => JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../static', manifestPath(locale).slice(1)), 'utf8'));

/** What a translation changes; everything else must be the same in every language. */
function withoutText(manifest: Record<string, unknown>) {
	const copy = structuredClone(manifest) as Record<string, unknown> & { screenshots: { label?: string }[]; shortcuts: Record<string, unknown>[] };
	delete copy.name;
	delete copy.description;
	delete copy.lang;
	copy.screenshots.forEach((s) => delete s.label);
	copy.shortcuts.forEach((s) => {
		delete s.name;
		delete s.short_name;
		delete s.description;
	});
	return copy;
}

describe('the web app manifest in each language', () => {
	const base = read('es-CL');

	it.each(locales)('%s has its own name, description, shortcuts and screenshot labels', (locale) => {
		const manifest = read(locale);
		expect(manifest.lang).toBe(locale);
		expect(withoutText(manifest)).toEqual(withoutText(base));
		if (locale === 'es-CL') return;
		expect(manifest.name).not.toBe(base.name);
		expect(manifest.description).not.toBe(base.description);
		manifest.shortcuts.forEach((s: Record<string, string>, i: number) => {
			expect(s.name).not.toBe(base.shortcuts[i].name);
			expect(s.description).not.toBe(base.shortcuts[i].description);
		});
		manifest.screenshots.forEach((s: Record<string, string>, i: number) => expect(s.label).not.toBe(base.screenshots[i].label));
	});

	it('names the files so that es-CL stays the one app.html links', () => {
		expect(manifestPath('es-CL')).toBe('/manifest.webmanifest');
		expect(manifestPath('en')).toBe('/manifest.en.webmanifest');
	});
});
