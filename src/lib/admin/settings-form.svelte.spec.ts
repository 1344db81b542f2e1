import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { OpsApiError } from '$lib/ops/api.ts';
import { checkMunicipalityConfig, type MunicipalityConfig } from '$lib/domain/municipality-config.ts';
import type { SettingsApi } from './settings-api.ts';
import { SettingsForm } from './settings-form.svelte.ts';

const example = checkMunicipalityConfig(JSON.parse(readFileSync(new URL('../../../docs/examples/municipality.json', import.meta.url), 'utf8')));
if (!example.ok) throw new Error('the example configuration should be valid');
const config: MunicipalityConfig = example.config;

function fakeApi(save: SettingsApi['save'] = vi.fn(async () => ({ changed: true }))) {
	return { config: vi.fn(async () => structuredClone(config)), save: vi.fn(save) };
}

async function loaded(api = fakeApi()) {
	const form = new SettingsForm(config.id, api);
	await form.load();
	return { form, api, draft: form.draft! };
}

describe('the settings form', () => {
	it('loads the configuration, has no changes until one is made, and none again once it is undone', async () => {
		const { form, draft } = await loaded();
		expect(form.status).toBe('ready');
		expect(form.dirty).toBe(false);
		draft.securityLine.label.en = 'Ñuñoa safety line';
		expect(form.dirty).toBe(true);
		draft.securityLine.label.en = config.securityLine.label.en;
		expect(form.dirty).toBe(false);
	});

	it('checks on the device with the same schema: with a problem nothing is sent, and each problem is by its field', async () => {
		const { form, api, draft } = await loaded();
		expect(form.problems).toEqual([]);
		draft.securityLine.label['pt-BR'] = ' ';
		draft.categories.find((c) => c.key === 'power_outage')!.handledBy = { name: 'Enel', phone: '', web: '' };
		expect(form.problems).toEqual([]);
		expect(await form.save()).toBe('invalid');
		expect(api.save).not.toHaveBeenCalled();
		expect(form.problemsAt('securityLine.label.pt-BR').map((p) => p.message)).toEqual(['must not be empty']);
		expect(form.problemsAt('categories.power_outage.handledBy').map((p) => p.message)).toEqual(['needs a phone or a web address, so residents can reach them']);
		// Once tried, the problems follow the edits.
		draft.securityLine.label['pt-BR'] = 'Segurança';
		expect(form.problemsAt('securityLine.label.pt-BR')).toEqual([]);
	});

	it('saves the checked configuration with the reason, the boundary as loaded, and then has nothing unsaved', async () => {
		const { form, api, draft } = await loaded();
		draft.categories.find((c) => c.key === 'suspicious_activity')!.status = 'hidden';
		form.reason = '  no la atendemos  ';
		expect(await form.save()).toBe('changed');
		const [id, sent, reason] = api.save.mock.calls[0]!;
		expect(id).toBe(config.id);
		expect(reason).toBe('no la atendemos');
		expect((sent as MunicipalityConfig).boundary).toEqual(config.boundary);
		expect((sent as MunicipalityConfig).categories.find((c) => c.key === 'suspicious_activity')?.status).toBe('hidden');
		expect(form.dirty).toBe(false);
		expect(form.reason).toBe('');
	});

	it("shows what residents would see of the draft, before it is saved", async () => {
		const { form, draft } = await loaded();
		expect(form.preview?.categories.map((c) => c.key)).toContain('suspicious_activity');
		draft.categories.find((c) => c.key === 'suspicious_activity')!.status = 'hidden';
		draft.securityLine.label.en = 'Ñuñoa safety line';
		expect(form.preview?.categories.map((c) => c.key)).not.toContain('suspicious_activity');
		expect(form.preview?.emergencyNumbers.at(-1)?.label.en).toBe('Ñuñoa safety line');
	});

	it("shows the server's problems by field, and keeps the changes when the save fails", async () => {
		const refused = new OpsApiError(400, 'invalid_configuration', 'The configuration has 1 problem; nothing was changed.', null, { problems: [{ path: 'categories.0.targets.closeHours', message: 'must be at most 720' }] });
		const { form, draft } = await loaded(fakeApi(() => Promise.reject(refused)));
		draft.name = 'Ñuñoa (comuna)';
		expect(await form.save()).toBe('invalid');
		expect(form.problemsAt(`categories.${config.categories[0]!.key}.targets.closeHours`)).toHaveLength(1);
		expect(form.dirty).toBe(true);

		const down = await loaded(fakeApi(() => Promise.reject(new OpsApiError(0, 'network', 'Failed to fetch'))));
		down.draft.name = 'Ñuñoa (comuna)';
		expect(await down.form.save()).toBe('failed');
		expect(down.form.saveError).toBe('Failed to fetch');
		expect(down.form.dirty).toBe(true);
	});

	it('says why it could not load', async () => {
		const form = new SettingsForm(config.id, { config: () => Promise.reject(new OpsApiError(403, 'forbidden', 'Only an admin of nunoa reads or changes its configuration.')), save: vi.fn() });
		await form.load();
		expect(form.status).toBe('error');
		expect(form.loadError).toContain('Only an admin');
	});
});
