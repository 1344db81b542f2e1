import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openStore, type Db } from '../db/index.ts';
import { verifyPassword } from '../auth/password.ts';
import { listPublicMunicipalities } from '../municipalities/repository.ts';
import { seedDemo } from './demo.ts';

let db: Db | undefined;
let dir: string | undefined;

async function freshStore(): Promise<Db> {
	dir = mkdtempSync(join(tmpdir(), 'cuadra-seed-'));
	db = await openStore({ kind: 'sqlite', file: join(dir, 'cuadra.sqlite') });
	await migrate(db);
	return db;
}

afterEach(async () => {
	await db?.destroy();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('seedDemo', () => {
	it('seeds both comunas once, with staff whose printed passwords work', async () => {
		const store = await freshStore();
		const credentials = await seedDemo(store);
		expect(credentials?.map((c) => c.username).sort()).toEqual([
			'admin@las-condes',
			'admin@providencia',
			'operator@las-condes',
			'operator@providencia'
		]);
		const first = credentials![0]!;
		const row = await store.selectFrom('user').select('password_hash').where('username', '=', first.username).executeTakeFirstOrThrow();
		expect(row.password_hash).not.toContain(first.password);
		expect(await verifyPassword(first.password, row.password_hash!)).toBe(true);
		expect(await verifyPassword('wrong', row.password_hash!)).toBe(false);

		expect(await seedDemo(store)).toBeNull();
	});

	it('publishes numbers and categories as each municipality configured them', async () => {
		const store = await freshStore();
		await seedDemo(store);
		const [lasCondes, providencia] = await listPublicMunicipalities(store);
		expect(providencia?.name).toBe('Providencia');
		expect(providencia?.emergencyNumbers.map((n) => n.number)).toEqual(['131', '132', '133', '134', '1414']);
		// Providencia hides "Other"; Las Condes offers it.
		expect(providencia?.categories.some((c) => c.key === 'other')).toBe(false);
		expect(lasCondes?.categories.some((c) => c.key === 'other')).toBe(true);
		expect(lasCondes?.categories.find((c) => c.key === 'abandoned_vehicle')?.handledBy).toBe('Carabineros (133)');
	});

	it('leaves the store untouched when migrations run again', async () => {
		const store = await freshStore();
		expect(await migrate(store)).toEqual([]);
	});
});

describe('migrations on a store from an older release', () => {
	it('apply a migration numbered below one that already ran', async () => {
		const store = await freshStore();
		const { migrationProvider } = await import('../db/migrations/index.ts');
		const all = Object.keys(await migrationProvider.getMigrations()).sort();
		const lowest = all.find((name) => name !== '0001_initial');
		if (!lowest) throw new Error('expected more than one migration');
		// Roll the lowest feature migration back, as if this store predated it, then migrate again.
		const { Migrator } = await import('kysely');
		const migrator = new Migrator({ db: store, provider: migrationProvider, allowUnorderedMigrations: true });
		const all2 = await migrator.getMigrations();
		expect(all2.every((m) => m.executedAt)).toBe(true);
		await store.deleteFrom('kysely_migration' as never).where('name' as never, '=', lowest as never).execute();
		const module = (await migrationProvider.getMigrations())[lowest]!;
		await module.down?.(store as never);
		expect(await migrate(store)).toEqual([lowest]);
	});
});
