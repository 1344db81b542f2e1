import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkMunicipalityConfig, type MunicipalityConfig } from '../domain/municipality-config.ts';
import { configOf, draftOf, fieldId, fieldPathOf, nearestField } from './settings-draft.ts';

const example = checkMunicipalityConfig(JSON.parse(readFileSync(new URL('../../../docs/examples/municipality.json', import.meta.url), 'utf8')));
if (!example.ok) throw new Error('the example configuration should be valid');
const config: MunicipalityConfig = example.config;

describe("the settings screen's draft", () => {
	it('gives back exactly the configuration it was made from, boundary included', () => {
		expect(configOf(draftOf(config)).config).toEqual(config);
	});

	it('lists every catalogue category; one the configuration omits reads as hidden and is sent only once offered', () => {
		const few = { ...config, categories: config.categories.filter((c) => c.key !== 'commotion') };
		const draft = draftOf(few);
		const row = draft.categories.find((c) => c.key === 'commotion');
		expect(row).toMatchObject({ listed: false, status: 'hidden' });
		expect(configOf(draft).config).toEqual(few);
		row!.status = 'shown';
		const built = configOf(draft);
		expect(built.categoryKeys.at(-1)).toBe('commotion');
		expect(checkMunicipalityConfig(built.config).ok).toBe(true);
	});

	it('sends who handles a category only while it is not handled here, without empty contacts', () => {
		const draft = draftOf(config);
		const power = draft.categories.find((c) => c.key === 'power_outage')!;
		power.handledBy.web = '  ';
		const sent = (configOf(draft).config.categories as { key: string; handledBy?: unknown }[]).find((c) => c.key === 'power_outage');
		expect(sent?.handledBy).toEqual({ name: power.handledBy.name, phone: power.handledBy.phone });
		power.status = 'hidden';
		const hidden = (configOf(draft).config.categories as { key: string; handledBy?: unknown }[]).find((c) => c.key === 'power_outage');
		expect(hidden).not.toHaveProperty('handledBy');
	});

	it("keeps a template only when it is written in some language, so an empty one keeps the app's wording", () => {
		const draft = draftOf(config);
		expect(Object.keys(configOf(draft).config.templates as object)).toEqual(['acknowledge_security']);
		draft.templates.acknowledge_security = { 'es-CL': '', en: '', 'pt-BR': '' };
		draft.templates.dispatch_patrol.en = 'On our way';
		const checked = checkMunicipalityConfig(configOf(draft).config);
		expect(checked.ok ? [] : checked.problems).toEqual([
			{ path: 'templates.dispatch_patrol.es-CL', message: 'must not be empty' },
			{ path: 'templates.dispatch_patrol.pt-BR', message: 'must not be empty' }
		]);
	});

	it('names a problem of a category by its key, as the form lists them, and finds the nearest field the form shows', () => {
		const keys = ['robbery', 'power_outage'];
		expect(fieldPathOf('categories.1.handledBy.phone', keys)).toBe('categories.power_outage.handledBy.phone');
		expect(fieldPathOf('categories', keys)).toBe('categories');
		expect(fieldPathOf('securityLine.label.en', keys)).toBe('securityLine.label.en');
		const shown = new Set(['categories.power_outage', 'securityLine.label.en']);
		expect(nearestField('categories.power_outage.handledBy', (p) => shown.has(p))).toBe('categories.power_outage');
		expect(nearestField('securityLine.label.en', (p) => shown.has(p))).toBe('securityLine.label.en');
		expect(fieldId('securityLine.label.pt-BR')).toBe('settings-securityLine-label-pt-BR');
	});
});
