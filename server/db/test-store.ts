import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../seed/demo.ts';
import { migrate, openStore, type Db } from './index.ts';

/** For specs: a real SQLite file in a fresh temporary folder, migrated and seeded with the demo data. */
export async function openSeededStore(): Promise<{ db: Db; close(): Promise<void> }> {
	const dir = mkdtempSync(join(tmpdir(), 'cuadra-spec-'));
	const db = await openStore({ kind: 'sqlite', file: join(dir, 'cuadra.sqlite') });
	await migrate(db);
	await seedDemo(db);
	return {
		db,
		async close() {
			await db.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
