import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import { removeDir, startServer, tempDataDir, type TestServer } from '../support/server.ts';
import { addFirstAdmin, call, errorCode, printedPassword, signedIn, signIn, staffCli, staffLifecycle } from './staff-support.ts';
import { RawClient, resident, seededPassword } from './sync-support.ts';

const dataDir = tempDataDir('cuadra-staff-');
const cli = (args: string[]) => staffCli(args, { CUADRA_DATA_DIR: dataDir });
const env = { CUADRA_SIGNIN_ATTEMPTS: '50' };
let server: TestServer;
let seeded: TestServer;
let rosa: { userId: string; token: string };
let rosaPassword: string;

beforeAll(async () => {
	// The first start creates the store (demo municipalities and their staff); the first admin is
	// added with the server stopped; the flow runs on the second start.
	seeded = await startServer({ dataDir, env });
	await seeded.stop();
	rosaPassword = await addFirstAdmin(cli);
	server = await startServer({ dataDir, env: { ...env, CUADRA_SEED: 'none' } });
});
afterAll(async () => {
	await server?.stop();
	removeDir(dataDir);
});

describe('staff accounts', () => {
	it('the command line creates the first admin; the admin adds and removes an operator, whose socket closes', async () => {
		({ rosa } = await staffLifecycle(server, rosaPassword));
		const list = await cli(['list', '--municipality', 'providencia']);
		expect(list.code).toBe(0);
		expect(list.stdout).toMatch(/^rosa@providencia +admin of providencia +\S+ \S+ UTC +\S+ \S+ UTC +Rosa Díaz$/m);
		const log = await cli(['log', '--municipality', 'providencia']);
		expect(log.code).toBe(0);
		expect(log.stdout.trim().split('\n').map((line) => line.replace(/^\S+ \S+ UTC {2}/, ''))).toEqual([
			'rosa@providencia removed pedro@providencia as operator of providencia',
			'rosa@providencia added pedro@providencia as operator of providencia',
			'server operator added rosa@providencia as admin of providencia'
		]);
		const everyone = await cli(['list']);
		expect(everyone.stdout).toMatch(/^pedro@providencia +removed \(cannot sign in\)/m);
		expect(everyone.stdout).not.toContain('scrypt');
		// The user row stays, unable to sign in, so their id keeps its meaning in the record.
		const db = new Database(join(dataDir, 'cuadra.sqlite'), { readonly: true });
		try {
			expect(db.prepare("select kind, password_hash, display_name from user where username = 'pedro@providencia'").get()).toEqual({ kind: 'staff', password_hash: null, display_name: null });
			expect(db.prepare("select count(*) n from session join user on user.id = session.user_id where username = 'pedro@providencia'").get()).toEqual({ n: 0 });
		} finally {
			db.close();
		}
	});

	it('the command line refuses unknown municipalities, taken usernames, the last admin and bad input', async () => {
		const unknown = await cli(['add', 'ana@atlantis', '--municipality', 'atlantis', '--role', 'admin']);
		expect(unknown).toMatchObject({ code: 1, stdout: '' });
		expect(unknown.stderr).toContain('There is no municipality "atlantis". Known: las-condes, providencia.');
		const taken = await cli(['add', 'pedro@providencia', '--municipality', 'providencia', '--role', 'operator']);
		expect(taken.code).toBe(1);
		expect(taken.stderr).toContain('The username "pedro@providencia" is taken');
		const last = await cli(['remove', 'admin@las-condes']);
		expect(last.code).toBe(1);
		expect(last.stderr).toContain('admin@las-condes is the last admin of las-condes');
		const bad = await cli(['add', 'Ana', '--municipality', 'providencia', '--role', 'chief']);
		expect(bad.code).toBe(64);
		expect(bad.stderr).toMatch(/^<username> must be 3 to 100 lowercase letters/);
		expect(bad.stderr).toContain('Usage: npm run staff -- <command>');
		const nowhere = await staffCli(['list'], { CUADRA_DATA_DIR: join(dataDir, 'typo') });
		expect(nowhere.code).toBe(1);
		expect(nowhere.stderr).toContain('There is no Cuadra store at');
		const config = await staffCli(['list'], { CUADRA_DATABASE: 'postgres' });
		expect(config.code).toBe(78);
		expect(config.stderr).toContain('DATABASE_URL is required when CUADRA_DATABASE=postgres');
		// Seven command-line processes, 2 to 7 s each on a loaded machine: not a timed test.
	}, 120_000);

	it('the last admin of a municipality cannot be removed over HTTP either', async () => {
		const admin = await signedIn(server, 'admin@las-condes', seededPassword(seeded, 'admin@las-condes'));
		const response = await call(server, admin.token, 'DELETE', `/api/staff/${admin.userId}?municipality=las-condes`, { confirm: true });
		expect(response.status).toBe(409);
		expect(await response.json()).toEqual({ error: { code: 'last_admin', message: 'admin@las-condes is the last admin of las-condes: add another admin first.' } });
		expect((await call(server, admin.token, 'GET', '/api/auth/me')).status).toBe(200);
	});

	it('only an admin of the municipality manages its staff', async () => {
		const someone = await resident(server);
		const operator = await signedIn(server, 'operator@providencia', seededPassword(seeded, 'operator@providencia'));
		const lasCondesOperator = await signedIn(server, 'operator@las-condes', seededPassword(seeded, 'operator@las-condes'));
		const newOperator = { username: 'eva@providencia', municipalityId: 'providencia', role: 'operator' };
		for (const token of [null, someone.token, operator.token]) {
			const expected = token ? 403 : 401;
			expect((await call(server, token, 'GET', '/api/staff?municipality=providencia')).status).toBe(expected);
			expect((await call(server, token, 'POST', '/api/staff', newOperator)).status).toBe(expected);
			expect((await call(server, token, 'DELETE', `/api/staff/${lasCondesOperator.userId}?municipality=providencia`, { confirm: true })).status).toBe(expected);
			expect((await call(server, token, 'POST', `/api/staff/${operator.userId}/password`, { confirm: true })).status).toBe(expected);
		}
		// An admin of Providencia has no say in Las Condes.
		expect((await call(server, rosa.token, 'GET', '/api/staff?municipality=las-condes')).status).toBe(403);
		expect((await call(server, rosa.token, 'POST', '/api/staff', { ...newOperator, municipalityId: 'las-condes' })).status).toBe(403);
		expect((await call(server, rosa.token, 'DELETE', `/api/staff/${lasCondesOperator.userId}?municipality=las-condes`, { confirm: true })).status).toBe(403);
		expect(await errorCode(await call(server, rosa.token, 'POST', `/api/staff/${lasCondesOperator.userId}/password`, { confirm: true }))).toBe('not_found');
		// Nothing was created or changed on the way.
		expect((await cli(['list'])).stdout).not.toContain('eva@providencia');
		expect((await call(server, lasCondesOperator.token, 'GET', '/api/auth/me')).status).toBe(200);
		expect((await call(server, operator.token, 'GET', '/api/auth/me')).status).toBe(200);
	});

	it('refuses bad bodies and requests from other sites', async () => {
		const post = (body: unknown) => call(server, rosa.token, 'POST', '/api/staff', body);
		for (const body of [
			{ username: 'Eva Díaz', municipalityId: 'providencia', role: 'operator' },
			{ username: 'eva@providencia', municipalityId: 'providencia' },
			{ username: 'eva@providencia', municipalityId: 'providencia', role: 'resident' },
			{ username: 'eva@providencia', municipalityId: 'providencia', role: 'operator', password: 'mine' },
			{ username: 'eva@providencia', municipalityId: 'providencia', role: 'operator', displayName: '<b>Eva</b>' },
			[]
		]) {
			const response = await post(body);
			expect(response.status, JSON.stringify(body)).toBe(400);
			expect(await errorCode(response)).toBe('invalid_request');
		}
		const taken = await post({ username: 'operator@providencia', municipalityId: 'providencia', role: 'operator' });
		expect(taken.status).toBe(409);
		expect(await errorCode(taken)).toBe('username_taken');
		const form = await fetch(`${server.url}/api/staff`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `cuadra_session=${rosa.token}` }, body: 'username=eva' });
		expect(form.status).toBe(415);
		const crossSite = await call(server, rosa.token, 'POST', '/api/staff', { username: 'eva@providencia', municipalityId: 'providencia', role: 'operator' }, { origin: 'https://evil.example' });
		expect(crossSite.status).toBe(403);
		expect(await errorCode(crossSite)).toBe('cross_origin');

		const operatorId = (await signedIn(server, 'operator@providencia', seededPassword(seeded, 'operator@providencia'))).userId;
		for (const body of [{}, { confirm: false }, { confirm: 'yes' }]) {
			const del = await call(server, rosa.token, 'DELETE', `/api/staff/${operatorId}?municipality=providencia`, body);
			expect(del.status).toBe(400);
			expect(await errorCode(del)).toBe('confirmation_required');
			const reset = await call(server, rosa.token, 'POST', `/api/staff/${operatorId}/password`, body);
			expect(reset.status).toBe(400);
			expect(await errorCode(reset)).toBe('confirmation_required');
		}
		expect(await errorCode(await call(server, rosa.token, 'DELETE', `/api/staff/${operatorId}`, { confirm: true }))).toBe('invalid_request');
		expect((await call(server, rosa.token, 'GET', '/api/staff')).status).toBe(400);
		expect(await errorCode(await call(server, rosa.token, 'DELETE', `/api/staff/no-such-user?municipality=providencia`, { confirm: true }))).toBe('not_found');
		expect((await call(server, rosa.token, 'PUT', `/api/staff/${operatorId}`, { confirm: true })).status).toBe(405);
		// The operator is untouched by all of it.
		expect((await signIn(server, 'operator@providencia', seededPassword(seeded, 'operator@providencia'))).status).toBe(200);
	});

	it('a password reset by an admin ends the old password and every session at once', async () => {
		const created = await call(server, rosa.token, 'POST', '/api/staff', { username: 'lucia@providencia', municipalityId: 'providencia', role: 'operator', displayName: 'Lucía' });
		const { member, password } = (await created.json()) as { member: { id: string }; password: string };
		const lucia = await signedIn(server, 'lucia@providencia', password);
		const socket = await new RawClient(server, 'feed:providencia', lucia.token).ready();
		expect(await errorCode(await call(server, rosa.token, 'POST', `/api/staff/${rosa.userId}/password`, { confirm: true }))).toBe('own_account');
		const reset = await call(server, rosa.token, 'POST', `/api/staff/${member.id}/password`, { confirm: true });
		expect(reset.status).toBe(200);
		const answer = (await reset.json()) as { userId: string; password: string; sessionsEnded: number };
		expect(answer).toEqual({ userId: member.id, password: expect.stringMatching(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/), sessionsEnded: 1 });
		expect((await socket.waitClosed()).code).toBe(CloseCode.sessionEnded);
		expect((await call(server, lucia.token, 'GET', '/api/auth/me')).status).toBe(401);
		expect((await signIn(server, 'lucia@providencia', password)).status).toBe(401);
		expect((await signIn(server, 'lucia@providencia', answer.password)).status).toBe(200);
	});

	it('a reset from the command line, while the server runs, also closes the open sockets', async () => {
		const added = await cli(['add', 'carla@providencia', '--municipality', 'providencia', '--role', 'operator']);
		expect(added.code).toBe(0);
		const carla = await signedIn(server, 'carla@providencia', printedPassword(added.stdout));
		const socket = await new RawClient(server, 'feed:providencia', carla.token).ready();
		const reset = await cli(['reset-password', 'carla@providencia']);
		expect(reset.code).toBe(0);
		expect(reset.stdout).toContain('Ended 1 session;');
		// The server looks every 5 s for staff sessions deleted by another process.
		expect((await socket.waitClosed()).code).toBe(CloseCode.sessionEnded);
		expect((await signIn(server, 'carla@providencia', printedPassword(added.stdout))).status).toBe(401);
		const again = await signedIn(server, 'carla@providencia', printedPassword(reset.stdout));
		const second = await new RawClient(server, 'feed:providencia', again.token).ready();
		const removed = await cli(['remove', 'carla@providencia', '--municipality', 'providencia']);
		expect(removed.code).toBe(0);
		expect(removed.stdout).toContain('Removed carla@providencia: no longer operator of providencia.');
		expect((await second.waitClosed()).code).toBe(CloseCode.sessionEnded);
		expect((await signIn(server, 'carla@providencia', printedPassword(reset.stdout))).status).toBe(401);
	});
});
