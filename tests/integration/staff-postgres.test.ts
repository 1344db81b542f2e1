import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { removeDir, startServer, tempDataDir, type TestServer } from '../support/server.ts';
import { addFirstAdmin, call, errorCode, printedPassword, signIn, staffCli, staffLifecycle } from './staff-support.ts';
import { seededPassword } from './sync-support.ts';

/** The staff command line and admin API on PostgreSQL, with the server running: as on SQLite. */
describe('staff accounts on PostgreSQL', () => {
	let postgres: TestPostgres;
	let server: TestServer;
	const dataDir = tempDataDir('cuadra-staff-pg-');
	const cli = (args: string[]) => staffCli(args, { CUADRA_DATABASE: 'postgres', DATABASE_URL: postgres.url });

	beforeAll(async () => {
		postgres = await startPostgres();
		server = await startServer({ dataDir, env: { CUADRA_DATABASE: 'postgres', DATABASE_URL: postgres.url, CUADRA_SIGNIN_ATTEMPTS: '50' } });
	});
	afterAll(async () => {
		await server?.stop();
		postgres?.stop();
		removeDir(dataDir);
	});

	it('creates the first admin, who adds, lists and removes an operator; keeps the last admin; resets passwords', async () => {
		const { rosa, pedro } = await staffLifecycle(server, await addFirstAdmin(cli));

		const client = new pg.Client({ connectionString: postgres.url });
		await client.connect();
		try {
			const row = await client.query('select kind, username, password_hash, display_name from "user" where id = $1', [pedro.userId]);
			expect(row.rows).toEqual([{ kind: 'staff', username: 'pedro@providencia', password_hash: null, display_name: null }]);
			expect((await client.query('select count(*)::int n from session where user_id = $1', [pedro.userId])).rows).toEqual([{ n: 0 }]);
			expect((await client.query('select count(*)::int n from membership where user_id = $1', [pedro.userId])).rows).toEqual([{ n: 0 }]);
		} finally {
			await client.end();
		}

		const last = await cli(['remove', 'admin@las-condes']);
		expect(last.code).toBe(1);
		expect(last.stderr).toContain('admin@las-condes is the last admin of las-condes');
		expect((await cli(['add', 'rosa@providencia', '--municipality', 'providencia', '--role', 'admin'])).code).toBe(1);

		const operator = seededPassword(server, 'operator@providencia');
		const operatorId = ((await (await signIn(server, 'operator@providencia', operator)).json()) as { user: { id: string } }).user.id;
		const reset = await call(server, rosa.token, 'POST', `/api/staff/${operatorId}/password`, { confirm: true });
		expect(reset.status).toBe(200);
		const { password } = (await reset.json()) as { password: string };
		expect((await signIn(server, 'operator@providencia', operator)).status).toBe(401);
		expect((await signIn(server, 'operator@providencia', password)).status).toBe(200);

		const fromCli = await cli(['reset-password', 'operator@providencia']);
		expect(fromCli.code).toBe(0);
		expect((await signIn(server, 'operator@providencia', password)).status).toBe(401);
		expect((await signIn(server, 'operator@providencia', printedPassword(fromCli.stdout))).status).toBe(200);

		expect(await errorCode(await call(server, rosa.token, 'GET', '/api/staff?municipality=las-condes'))).toBe('forbidden');
		const list = await cli(['list']);
		expect(list.stdout).toMatch(/^pedro@providencia +removed \(cannot sign in\)/m);
		expect(list.stdout).toMatch(/^rosa@providencia +admin of providencia/m);
	});
});
