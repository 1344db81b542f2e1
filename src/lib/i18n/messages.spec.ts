import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../../messages');
const locales = ['es-CL', 'en', 'pt-BR'];
const features = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

function load(feature: string, locale: string): Record<string, string> {
	const { $schema: _schema, ...messages } = JSON.parse(readFileSync(join(root, feature, `${locale}.json`), 'utf8'));
	return messages;
}

const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each(features)('messages/%s', (feature) => {
	it('has the same keys, all non-empty, in every locale', () => {
		const base = load(feature, 'es-CL');
		for (const locale of locales) {
			const messages = load(feature, locale);
			expect(Object.keys(messages).sort(), locale).toEqual(Object.keys(base).sort());
			for (const [key, text] of Object.entries(messages)) expect(text.trim(), `${locale}:${key}`).not.toBe('');
		}
	});

	it('uses the same placeholders in every locale', () => {
		const base = load(feature, 'es-CL');
		for (const locale of locales) {
			const messages = load(feature, locale);
			for (const key of Object.keys(base)) expect(params(messages[key] ?? ''), `${locale}:${key}`).toEqual(params(base[key] ?? ''));
		}
	});

	it('prefixes its keys with the feature name, so feature files never collide', () => {
		if (feature === 'app') return;
		for (const key of Object.keys(load(feature, 'es-CL'))) expect(key.startsWith(`${feature}_`), key).toBe(true);
	});
});
