/** Helpers for the staff tests: `npm run staff` as the server operator runs it, and the admin API. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import { root, type TestServer } from '../support/server.ts';
import { RawClient, tokenFrom, type Account } from './sync-support.ts';

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs `npm run staff -- …args` (its command, see npmScript) from the project with only `env` (the store's variables) set. */
export const staffCli = (args: string[], env: Record<string, string>): Promise<CliResult> => npmScript('staff', args, env);

/**
 * Runs a package.json script (a command line of the server operator's) with `…args` and only `env`
 * set. By default it runs the script's own command without npm in front (`tsx x.ts` as
 * `node --import tsx x.ts`): the same program, arguments and environment, two Node start-ups
 * fewer per call. `viaNpm` runs `npm run --silent <script> -- …args` itself, as the README says.
 */
export function npmScript(script: string, args: string[], env: Record<string, string>, options: { viaNpm?: boolean } = {}): Promise<CliResult> {
	const [command, ...scriptArgs] = (scripts[script] ?? '').split(/\s+/);
	if (!command) throw new Error(`package.json has no script ${script}`);
	const [file, argv] = options.viaNpm || command !== 'tsx' ? ['npm', ['run', '--silent', script, '--', ...args]] : [process.execPath, ['--import', 'tsx', ...scriptArgs, ...args]];
	return new Promise((resolve, reject) => {
		const child = spawn(file, argv, {
			cwd: root,
			env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.once('error', reject);
		child.once('close', (code) => resolve({ code, stdout, stderr }));
	});
}
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** The password a command printed, on its own indented line. */
export function printedPassword(output: string): string {
	const match = /^ {2}([a-z2-9]{5}(?:-[a-z2-9]{5}){3})$/m.exec(output);
	if (!match?.[1]) throw new Error(`no password in:\n${output}`);
	return match[1];
}

export const signIn = (server: TestServer, username: string, password: string) =>
	fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

export async function signedIn(server: TestServer, username: string, password: string): Promise<Account> {
	const response = await signIn(server, username, password);
	if (response.status !== 200) throw new Error(`sign-in of ${username} failed: ${response.status}`);
	return { userId: ((await response.json()) as { user: { id: string } }).user.id, token: tokenFrom(response) };
}

/** A JSON request as `token` (none: signed out). */
export function call(server: TestServer, token: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
	return fetch(`${server.url}${path}`, {
		method,
		headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { cookie: `cuadra_session=${encodeURIComponent(token)}` } : {}), ...headers },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
}

export async function errorCode(response: Response): Promise<string | undefined> {
	return ((await response.json()) as { error?: { code: string } }).error?.code;
}

interface Member {
	id: string;
	username: string;
	displayName: string | null;
	role: string;
	createdAt: string;
	lastSignInAt: string | null;
}

/** The server operator creates the first admin of Providencia, Rosa, with the command line. */
export async function addFirstAdmin(cli: (args: string[]) => Promise<CliResult>): Promise<string> {
	const added = await cli(['add', 'rosa@providencia', '--municipality', 'providencia', '--role', 'admin', '--display-name', 'Rosa Díaz']);
	expect(added.code, added.stderr).toBe(0);
	expect(added.stdout).toMatch(/^Added rosa@providencia: admin of providencia\.$/m);
	return printedPassword(added.stdout);
}

/**
 * The core flow, after `addFirstAdmin`: the admin signs in, adds an operator and sees them listed;
 * the operator signs in and opens a socket; the admin removes them: the socket closes with 4401
 * and sign-in fails.
 */
export async function staffLifecycle(server: TestServer, rosaPassword: string) {
	const rosa = await signedIn(server, 'rosa@providencia', rosaPassword);
	const me = (await (await call(server, rosa.token, 'GET', '/api/auth/me')).json()) as { user: { displayName: string; memberships: unknown[] } };
	expect(me.user).toMatchObject({ displayName: 'Rosa Díaz', memberships: [{ municipalityId: 'providencia', role: 'admin' }] });

	const created = await call(server, rosa.token, 'POST', '/api/staff', { username: 'pedro@providencia', municipalityId: 'providencia', role: 'operator' });
	expect(created.status).toBe(201);
	const { member, password } = (await created.json()) as { member: Member; password: string };
	expect(member).toEqual({ id: expect.any(String), username: 'pedro@providencia', displayName: null, role: 'operator', createdAt: expect.any(String), lastSignInAt: null });
	const pedro = await signedIn(server, 'pedro@providencia', password);
	expect(pedro.userId).toBe(member.id);

	const listed = await call(server, rosa.token, 'GET', '/api/staff?municipality=providencia');
	expect(listed.status).toBe(200);
	const { staff } = (await listed.json()) as { staff: Member[] };
	expect(staff.map((m) => [m.username, m.role])).toEqual([
		['admin@providencia', 'admin'],
		['operator@providencia', 'operator'],
		['pedro@providencia', 'operator'],
		['rosa@providencia', 'admin']
	]);
	expect(staff.find((m) => m.id === pedro.userId)?.lastSignInAt).toEqual(expect.any(String));
	for (const m of staff) expect(Object.keys(m).sort()).toEqual(['createdAt', 'displayName', 'id', 'lastSignInAt', 'role', 'username']);

	const socket = await new RawClient(server, 'feed:providencia', pedro.token).ready();
	const removed = await call(server, rosa.token, 'DELETE', `/api/staff/${pedro.userId}?municipality=providencia`, { confirm: true });
	expect(removed.status).toBe(200);
	expect(await removed.json()).toEqual({ removed: { userId: pedro.userId, municipalityId: 'providencia', role: 'operator' }, accountClosed: true, sessionsEnded: 1 });
	expect((await socket.waitClosed()).code).toBe(CloseCode.sessionEnded);
	expect((await call(server, pedro.token, 'GET', '/api/auth/me')).status).toBe(401);
	expect((await signIn(server, 'pedro@providencia', password)).status).toBe(401);
	// Removing again finds no role; an admin never removes themselves.
	expect(await errorCode(await call(server, rosa.token, 'DELETE', `/api/staff/${pedro.userId}?municipality=providencia`, { confirm: true }))).toBe('not_found');
	const self = await call(server, rosa.token, 'DELETE', `/api/staff/${rosa.userId}?municipality=providencia`, { confirm: true });
	expect(self.status).toBe(409);
	expect(await errorCode(self)).toBe('own_account');
	// The record of it all, as an admin of the municipality sees it (refusals change nothing, so are not in it).
	const log = await call(server, rosa.token, 'GET', '/api/staff/log?municipality=providencia');
	expect(log.status).toBe(200);
	const { changes } = (await log.json()) as { changes: { action: string; actor: { username: string } | null; user: { username: string }; role: string | null }[] };
	expect(changes.map((c) => [c.action, c.actor?.username ?? null, c.user.username, c.role])).toEqual([
		['removed', 'rosa@providencia', 'pedro@providencia', 'operator'],
		['added', 'rosa@providencia', 'pedro@providencia', 'operator'],
		['added', null, 'rosa@providencia', 'admin']
	]);
	expect(await errorCode(await call(server, rosa.token, 'GET', '/api/staff/log?municipality=las-condes'))).toBe('forbidden');
	expect((await call(server, pedro.token, 'GET', '/api/staff/log?municipality=providencia')).status).toBe(401);
	return { rosa, pedro };
}
