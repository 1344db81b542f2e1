import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, root, startServer, tempDataDir, type TestServer } from '../support/server.ts';
import { call, npmScript, printedPassword, signedIn } from './staff-support.ts';

/**
 * README's "From an empty production server to a working service", run as written: the commands
 * are read from the README itself, so the test and the page cannot drift apart. Only the data
 * directory is a fresh temporary one, and `npm ci && npm run build` is the build the integration
 * tests already run.
 */
function readmeCommands(): string[] {
	const readme = readFileSync(join(root, 'README.md'), 'utf8');
	const section = readme.split('\n## From an empty production server to a working service\n')[1]?.split('\n## ')[0] ?? '';
	const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
	return block.trim().split('\n');
}

/** Splits a command line as the shell would, for the plain words and "double quotes" the README uses. */
function words(line: string): string[] {
	return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

const dataDir = tempDataDir('cuadra-production-');
let server: TestServer | undefined;
afterAll(async () => {
	await server?.stop();
	removeDir(dataDir);
});

describe('from an empty production server to a working service', () => {
	it('takes the README\'s five commands; then a resident reports in the new municipality', async () => {
		const commands = readmeCommands();
		expect(commands.length).toBeLessThanOrEqual(5);
		const [build, exported, start, municipality, staff] = commands;
		expect(build).toBe('npm ci && npm run build');
		expect(start).toBe('npm start &');

		// 2 and 3: production, with a secret, on a store that does not exist yet.
		const env = Object.fromEntries(words((exported ?? '').replace(/^export /, '')).map((w) => w.split('=', 2) as [string, string]));
		expect(env).toMatchObject({ NODE_ENV: 'production', CUADRA_SECRET: expect.any(String) });
		server = await startServer({
			dataDir,
			// The secret as `openssl rand -hex 32` makes it; no seed variable at all, as in the README.
			env: { ...env, CUADRA_SECRET: randomUUID().replaceAll('-', '') + randomUUID().replaceAll('-', ''), CUADRA_DATA_DIR: dataDir, CUADRA_SEED: undefined as unknown as string }
		});
		expect(server.output()).toMatch(/production/);
		expect(((await (await fetch(`${server.url}/api/config`)).json()) as { municipalities: unknown[] }).municipalities).toEqual([]);

		// 4: the municipality from the example file.
		const [npm1, run1, script1, dashes1, ...municipalityArgs] = words(municipality ?? '');
		expect([npm1, run1, script1, dashes1]).toEqual(['npm', 'run', 'municipality', '--']);
		const added = await npmScript('municipality', municipalityArgs, { CUADRA_DATA_DIR: dataDir }, { viaNpm: true });
		expect(added.code, added.stderr).toBe(0);
		const config = (await (await fetch(`${server.url}/api/config`)).json()) as { municipalities: { id: string; name: string; categories: { key: string }[] }[] };
		expect(config.municipalities.map((m) => m.id)).toEqual(['nunoa']);

		// 5: its first admin, who signs in where the README says.
		const [npm2, run2, script2, dashes2, ...staffArgs] = words(staff ?? '');
		expect([npm2, run2, script2, dashes2]).toEqual(['npm', 'run', 'staff', '--']);
		const admin = await npmScript('staff', staffArgs, { CUADRA_DATA_DIR: dataDir }, { viaNpm: true });
		expect(admin.code, admin.stderr).toBe(0);
		const username = staffArgs[1] ?? '';
		const maria = await signedIn(server, username, printedPassword(admin.stdout));
		const me = (await (await call(server, maria.token, 'GET', '/api/auth/me')).json()) as { user: { memberships: unknown[] } };
		expect(me.user.memberships).toEqual([{ municipalityId: 'nunoa', role: 'admin' }]);
		const signInPage = await fetch(`${server.url}/ops/sign-in`);
		expect(signInPage.status).toBe(200);
		expect(signInPage.headers.get('content-type')).toMatch(/text\/html/);
		expect((await call(server, maria.token, 'GET', '/api/ops/queue?municipality=nunoa')).status).toBe(200);

		// A resident of Ñuñoa reports, and the report is accepted there.
		const report = { id: randomUUID(), category: 'streetlight_out', description: 'Luminaria apagada frente al colegio.', location: { kind: 'point', point: [-70.6, -33.46], source: 'gps', accuracyMetres: 12 }, consentToCall: false, reportedAt: new Date().toISOString() };
		const sent = await fetch(`${server.url}/api/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(report) });
		expect(sent.status).toBe(201);
		expect(await sent.json()).toMatchObject({ id: report.id, municipality: 'nunoa', status: 'received' });
		// What the municipality does not offer is refused as such.
		const hidden = await fetch(`${server.url}/api/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...report, id: randomUUID(), category: 'other' }) });
		expect(hidden.status).toBe(422);
	}, 120_000);
});
