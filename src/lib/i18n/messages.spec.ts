import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageTexts } from './message-files.ts';

const root = resolve(import.meta.dirname, '../../../messages');
const locales = ['es-CL', 'en', 'pt-BR'];
const features = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

/** Each message as one text: a message with variants (plurals) joins its variants. */
function load(feature: string, locale: string): Record<string, string> {
	const { $schema: _schema, ...messages } = JSON.parse(readFileSync(join(root, feature, `${locale}.json`), 'utf8')) as Record<string, unknown>;
	return Object.fromEntries(Object.entries(messages).map(([key, value]) => [key, messageTexts(value).join('\n')]));
}

const params = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

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
		// A hyphen in a folder's name (ops-incident) is an underscore in its keys (ops_incident_…): keys are identifiers.
		const prefix = `${feature.replaceAll('-', '_')}_`;
		for (const key of Object.keys(load(feature, 'es-CL'))) expect(key.startsWith(prefix), key).toBe(true);
	});
});

describe('counted messages', () => {
	it('have a plural form in every language where a count of one can occur', async () => {
		const { m } = await import('$lib/paraglide/messages.js');
		const said = (['es-CL', 'en', 'pt-BR'] as const).map((locale) => [m.reports_cluster_label({ count: 1 }, { locale }), m.reports_cluster_label({ count: 3 }, { locale })]);
		expect(said).toEqual([
			['1 reporte aquí', '3 reportes aquí'],
			['1 report here', '3 reports here'],
			['1 relato aqui', '3 relatos aqui']
		]);
	});
});
