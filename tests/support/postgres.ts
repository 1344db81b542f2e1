import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openStore, type Db } from '../../server/db/index.ts';
import { seedDemo } from '../../server/seed/demo.ts';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from './server.ts';

const binDirs = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin', '/usr/local/bin', '/usr/bin'];

function pgBinary(name: string): string {
	const dir = binDirs.find((d) => existsSync(join(d, name)));
	if (!dir) throw new Error(`PostgreSQL's ${name} is missing: install it with \`apt-get install postgresql\` (CI does this in .ci/run).`);
	return join(dir, name);
}

export interface TestPostgres {
	url: string;
	stop(): void;
}

/**
 * A throwaway PostgreSQL cluster on a free loopback port, with trust authentication, in a
 * temporary directory that is removed on stop. Runs as the `postgres` user when started as root.
 */
export async function startPostgres(): Promise<TestPostgres> {
	const dir = mkdtempSync(join(tmpdir(), 'cuadra-pg-'));
	const data = join(dir, 'data');
	const port = await freePort();
	const asRoot = process.getuid?.() === 0;
	const run = (cmd: string, args: string[]) => {
		const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
		execFileSync(file as string, argv as string[], { stdio: 'pipe' });
	};
	if (asRoot) {
		chmodSync(dir, 0o755);
		const { uid, gid } = userIds('postgres');
		chownSync(dir, uid, gid);
	}
	run(pgBinary('initdb'), ['-D', data, '-A', 'trust', '-U', 'cuadra', '--no-sync', '-E', 'UTF8']);
	run(pgBinary('pg_ctl'), ['-D', data, '-w', '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
	return {
		url: `postgres://cuadra@127.0.0.1:${port}/postgres`,
		stop: () => {
			try {
				run(pgBinary('pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		}
	};
}

function userIds(name: string): { uid: number; gid: number } {
	const line = execFileSync('getent', ['passwd', name], { encoding: 'utf8' }).trim();
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

export interface BothStores {
	pg: Db;
	sqlite: Db;
	close(): Promise<void>;
}

/**
 * The same Cuadra store twice, migrated and seeded with the demo data: on a throwaway PostgreSQL
 * cluster and on a SQLite file. For tests that check both backends give the same answers.
 */
export async function openBothStores(): Promise<BothStores> {
	const postgres = await startPostgres();
	const dir = mkdtempSync(join(tmpdir(), 'cuadra-sqlite-'));
	const pg = await openStore({ kind: 'postgres', url: postgres.url });
	const sqlite = await openStore({ kind: 'sqlite', file: join(dir, 'cuadra.sqlite') });
	for (const db of [pg, sqlite]) {
		await migrate(db);
		await seedDemo(db);
	}
	return {
		pg,
		sqlite,
		close: async () => {
			await pg.destroy();
			await sqlite.destroy();
			postgres.stop();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * Both stores for a describe block: opened before its tests, closed after them. `ready` receives
 * them once open (e.g. `({ pg, sqlite } = stores)` into the block's own variables).
 */
export function bothStoresSuite(ready: (stores: BothStores) => void): void {
	let stores: BothStores | undefined;
	beforeAll(async () => {
		stores = await openBothStores();
		ready(stores);
	});
	afterAll(async () => {
		await stores?.close();
	});
}
