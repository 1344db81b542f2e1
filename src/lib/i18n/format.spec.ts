import { describe, expect, it } from 'vitest';
import { clockTime, dateTime, dayAndTime } from './format.ts';

const at = '2026-03-09T18:05:00Z';

describe('dates in the app’s language', () => {
	it('follow the locale passed, not the process’s', () => {
		expect(dateTime(at, 'en')).not.toBe(dateTime(at, 'pt-BR'));
		expect(dateTime(at, 'en')).toBe(new Date(at).toLocaleString('en', { dateStyle: 'short', timeStyle: 'short' }));
		expect(clockTime(at, 'es-CL')).toBe(new Date(at).toLocaleTimeString('es-CL', { hour: '2-digit', minute: '2-digit' }));
	});

	it('give an expiry its day as well as its time', () => {
		const text = dayAndTime(at, 'en');
		expect(text).toMatch(/March/);
		expect(text).toMatch(/9/);
		expect(dayAndTime(at, 'es-CL')).toMatch(/marzo/);
		expect(dayAndTime(at, 'pt-BR')).toMatch(/março/);
	});
});

describe('no date is formatted in the browser’s language', () => {
	it('every toLocale…String call in the app names the locale', async () => {
		const { readdirSync, readFileSync } = await import('node:fs');
		const { join, resolve } = await import('node:path');
		const src = resolve(import.meta.dirname, '../..');
		const found: string[] = [];
		const walk = (dir: string) => {
			for (const entry of readdirSync(dir, { withFileTypes: true })) {
				const path = join(dir, entry.name);
				if (entry.isDirectory()) {
					if (entry.name !== 'paraglide') walk(path);
				} else if (/\.(ts|svelte)$/.test(entry.name) && !entry.name.includes('.spec.')) {
					const text = readFileSync(path, 'utf8');
					for (const match of text.matchAll(/\.toLocale(Date|Time)?String\(\s*(\)|\[\]|undefined)/g)) found.push(`${path.slice(src.length)}: ${match[0]}`);
				}
			}
		};
		walk(src);
		expect(found).toEqual([]);
	});
});
