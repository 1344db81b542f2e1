import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openStore, type Db } from '../db/index.ts';
import { migrationProvider } from '../db/migrations/index.ts';
import { useSeededStore } from '../db/test-store.ts';
import { demoConfigs } from '../seed/demo.ts';
import { defaultCategories, nationalEmergencyNumbers } from '../seed/catalogue.ts';
import { municipalityConfigSchema, type MunicipalityConfig } from '../../src/lib/domain/municipality-config.ts';
import { randomUUID } from 'node:crypto';
import { acceptReport } from '../reports/accept.ts';
import { recordArrival } from '../ops/arrival.ts';
import { listPublicMunicipalities } from './repository.ts';
import { municipalityChanges, municipalityConfig, MunicipalityRefused, saveMunicipalities, saveMunicipality } from './store.ts';

const example = municipalityConfigSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/examples/municipality.json'), 'utf8')));

describe('municipality configurations in the store', () => {
	let db: Db;
	useSeededStore((opened) => (db = opened));

	it('adds a municipality: its configuration, the rows the reports read, and the record', async () => {
		const at = new Date('2026-12-03T10:00:00.000Z');
		expect(await saveMunicipality(db, example, 'add', { now: at, reason: 'first set-up' })).toEqual({ id: 'nunoa', action: 'added', changed: true });
		expect(await municipalityConfig(db, 'nunoa')).toEqual(example);
		const categories = await db.selectFrom('category').select(['key', 'hidden', 'handled_by', 'points_at_home']).where('municipality_id', '=', 'nunoa').orderBy('position').execute();
		expect(categories.map((c) => c.key)).toEqual(defaultCategories.map((c) => c.key));
		expect(categories.find((c) => c.key === 'other')).toMatchObject({ hidden: 1 });
		expect(categories.find((c) => c.key === 'power_outage')).toMatchObject({ hidden: 0, handled_by: 'Enel (600 696 0000)' });
		expect(categories.find((c) => c.key === 'home_burglary')).toMatchObject({ points_at_home: 1 });
		const [change] = await municipalityChanges(db, 'nunoa');
		expect(change).toMatchObject({ action: 'added', at: at.toISOString(), actor: null, reason: 'first set-up', previous: null, config: example });
	});

	it('refuses a duplicate id on add and an unknown one on update, writing nothing', async () => {
		await expect(saveMunicipality(db, { ...example, id: 'providencia' }, 'add')).rejects.toMatchObject({ code: 'id_taken' });
		await expect(saveMunicipality(db, example, 'update')).rejects.toThrow(MunicipalityRefused);
		await expect(saveMunicipality(db, example, 'update')).rejects.toThrow('There is no municipality "nunoa". Known: las-condes, providencia.');
		expect((await municipalityConfig(db, 'providencia')).name).toBe('Providencia');
		expect(await db.selectFrom('municipality_change').select('id').where('municipality_id', '=', 'nunoa').execute()).toEqual([]);
	});

	it('an update records what it replaced; the same configuration again changes nothing', async () => {
		const before = await municipalityConfig(db, 'providencia');
		const after: MunicipalityConfig = { ...before, securityLine: { ...before.securityLine, number: '800 200 100' }, categories: before.categories.map((c) => (c.key === 'dumped_rubbish' ? { ...c, status: 'hidden' } : c)) };
		expect(await saveMunicipality(db, after, 'update', { actor: undefined, reason: 'new line' })).toMatchObject({ action: 'updated', changed: true });
		const [latest] = await municipalityChanges(db, 'providencia');
		expect(latest).toMatchObject({ action: 'updated', reason: 'new line', previous: before, config: after });
		const shown = (await listPublicMunicipalities(db)).find((m) => m.id === 'providencia');
		expect(shown?.emergencyNumbers.at(-1)).toMatchObject({ number: '800 200 100', kind: 'municipal' });
		expect(shown?.categories.some((c) => c.key === 'dumped_rubbish')).toBe(false);
		expect(await saveMunicipality(db, after, 'update')).toMatchObject({ changed: false });
		expect(await municipalityChanges(db, 'providencia')).toHaveLength(2);
	});

	it('an import writes all of its municipalities or, when one is refused, none', async () => {
		const lasCondes = await municipalityConfig(db, 'las-condes');
		const renamed = { ...lasCondes, name: 'Las Condes (renombrada)' };
		await expect(saveMunicipalities(db, [example, renamed, { ...example, name: 'otra' }], 'add')).rejects.toMatchObject({ code: 'id_taken' });
		expect((await municipalityConfig(db, 'las-condes')).name).toBe('Las Condes');
		await expect(municipalityConfig(db, 'nunoa')).rejects.toMatchObject({ code: 'not_found' });
		const changes = await saveMunicipalities(db, [example, renamed], 'put', { reason: 'import' });
		expect(changes.map((c) => [c.id, c.action])).toEqual([
			['nunoa', 'added'],
			['las-condes', 'updated']
		]);
		expect((await listPublicMunicipalities(db)).map((m) => m.name)).toEqual(['Las Condes (renombrada)', example.name, 'Providencia']);
	});
});

describe('the configuration where reports arrive', () => {
	let db: Db;
	useSeededStore((opened) => (db = opened));

	it("the automatic first answer gives the municipality's configured service hours", async () => {
		const providencia = await municipalityConfig(db, 'providencia');
		await saveMunicipality(db, { ...providencia, serviceHours: 'Mo-Fr 08:00-20:00; Sa 09:00-14:00' }, 'update');
		const accepted = await acceptReport(db, null, { id: randomUUID(), category: 'streetlight_out', description: '', location: { kind: 'point', point: [-70.6128, -33.4255], source: 'map' }, consentToCall: false, reportedAt: new Date().toISOString() });
		if (!accepted.ok) throw new Error(accepted.message);
		await recordArrival(db, accepted.receipt.id);
		const answer = await db.selectFrom('incident_event' as never).select(['type', 'data'] as never).where('incident_id' as never, '=', accepted.receipt.incidentId as never).where('type' as never, '=', 'auto_answer' as never).executeTakeFirstOrThrow();
		expect(JSON.parse((answer as { data: string }).data)).toMatchObject({ hours: 'Mo-Fr 08:00-20:00; Sa 09:00-14:00' });
	});
});

describe('migration 0030 on a store from before it', () => {
	let dir: string | undefined;
	let db: Db | undefined;
	afterEach(async () => {
		await db?.destroy();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	it('builds each municipality a configuration from its columns, and residents see the same as before', async () => {
		dir = mkdtempSync(join(tmpdir(), 'cuadra-0030-'));
		db = await openStore({ kind: 'sqlite', file: join(dir, 'cuadra.sqlite') });
		const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
		const to = await migrator.migrateTo('0023_panic_events');
		expect(to.error).toBeUndefined();
		// The demo seed as it wrote the store before issue 17.
		const old = db as unknown as Db;
		for (const [id, name, security, hidden, notHandled] of [
			['providencia', 'Providencia', '1414', ['other'], { power_outage: 'Enel' }],
			['las-condes', 'Las Condes', '1402', [], { power_outage: 'Enel', abandoned_vehicle: 'Carabineros (133)', dumped_rubbish: 'Aseo municipal' }]
		] as const) {
			const config = demoConfigs().find((c) => c.id === id)!;
			const numbers = [...nationalEmergencyNumbers.map((n) => ({ ...n, kind: 'national' })), { id: `${id}-security`, number: security, label: config.securityLine.label, kind: 'municipal' }];
			await old.insertInto('municipality').values({ id, name, boundary: JSON.stringify(config.boundary), emergency_numbers: JSON.stringify(numbers), created_at: '2026-01-01T00:00:00.000Z' } as never).execute();
			await old
				.insertInto('category')
				.values(defaultCategories.map((c, position) => ({ municipality_id: id, key: c.key, group: c.group, icon: c.icon, labels: JSON.stringify(c.labels), hidden: (hidden as readonly string[]).includes(c.key) ? 1 : 0, handled_by: (notHandled as Record<string, string>)[c.key] ?? null, points_at_home: c.pointsAtHome ? 1 : 0, position })))
				.execute();
		}
		expect(await migrate(db)).toEqual(['0030_municipality_config', '0040_moderation', '0041_posting_limits', '0042_moderation_reviews', '0043_report_hidden_parts']);
		const providencia = await municipalityConfig(db, 'providencia');
		expect(providencia.securityLine.number).toBe('1414');
		expect(providencia.numbers.map((n) => n.number)).toEqual(['131', '132', '133', '134']);
		expect(providencia.categories.find((c) => c.key === 'power_outage')).toMatchObject({ status: 'not_handled', handledBy: { name: 'Enel', phone: '600 696 0000' } });
		const lasCondes = await municipalityConfig(db, 'las-condes');
		expect(lasCondes.categories.find((c) => c.key === 'abandoned_vehicle')).toMatchObject({ status: 'not_handled', handledBy: { name: 'Carabineros', phone: '133' } });
		// No way to reach "Aseo municipal" was ever stored: it is hidden rather than left with no contact.
		expect(lasCondes.categories.find((c) => c.key === 'dumped_rubbish')).toMatchObject({ status: 'hidden' });
		const shown = await listPublicMunicipalities(db);
		expect(shown.map((m) => [m.id, m.emergencyNumbers.map((n) => n.number), m.categories.length])).toEqual([
			['las-condes', ['131', '132', '133', '134', '1402'], 12],
			['providencia', ['131', '132', '133', '134', '1414'], 12]
		]);
	});
});
