import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startServer, type TestServer } from '../support/server.ts';
import { call } from './staff-support.ts';
import { resident, staff, type Account } from './sync-support.ts';

/** An admin reads and changes their own municipality's configuration over HTTP, and no other's. */
describe('the configuration API', () => {
	let server: TestServer;
	let admin: Account;
	let lasCondesAdmin: Account;
	beforeAll(async () => {
		server = await startServer();
		admin = await staff(server, 'admin@providencia');
		lasCondesAdmin = await staff(server, 'admin@las-condes');
	});
	afterAll(async () => {
		await server.stop();
		removeDir(server.dataDir);
	});
	const configOf = async (token: string, id: string) => ((await (await call(server, token, 'GET', `/api/municipalities/${id}/config`)).json()) as { config: Record<string, any> }).config; // eslint-disable-line @typescript-eslint/no-explicit-any

	it('an admin of Providencia cannot read or change Las Condes\' settings, nor can operators, residents or nobody', async () => {
		const lasCondes = await configOf(lasCondesAdmin.token, 'las-condes');
		const operator = await staff(server, 'operator@providencia');
		const someone = await resident(server);
		for (const [token, status] of [[admin.token, 403], [operator.token, 403], [someone.token, 403], [null, 401]] as const) {
			expect((await call(server, token, 'GET', '/api/municipalities/las-condes/config')).status).toBe(status);
			expect((await call(server, token, 'GET', '/api/municipalities/las-condes/changes')).status).toBe(status);
			expect((await call(server, token, 'PUT', '/api/municipalities/las-condes/config', { config: { ...lasCondes, name: 'Tomada' } })).status).toBe(status);
		}
		// Nor by sending Las Condes' id inside a change of its own municipality.
		const crossed = await call(server, admin.token, 'PUT', '/api/municipalities/providencia/config', { config: { ...lasCondes, name: 'Tomada' } });
		expect(crossed.status).toBe(400);
		expect(await crossed.json()).toMatchObject({ error: { code: 'invalid_configuration', problems: [{ path: 'id', message: 'must be "providencia"' }] } });
		expect(await configOf(lasCondesAdmin.token, 'las-condes')).toEqual(lasCondes);
	});

	it("an operator of Providencia, not an admin, cannot read or change Providencia's own settings", async () => {
		const providencia = await configOf(admin.token, 'providencia');
		const operator = await staff(server, 'operator@providencia');
		for (const [method, path, body] of [
			['GET', '/api/municipalities/providencia/config', undefined],
			['GET', '/api/municipalities/providencia/changes', undefined],
			['PUT', '/api/municipalities/providencia/config', { config: { ...providencia, name: 'Tomada' }, reason: 'no soy admin' }]
		] as const) {
			const refused = await call(server, operator.token, method, path, body);
			expect(refused.status).toBe(403);
			expect(await refused.json()).toMatchObject({ error: { code: 'forbidden', message: "Only a municipality's admins read or change its configuration." } });
		}
		expect(await configOf(admin.token, 'providencia')).toEqual(providencia);
	});

	it('an admin changes their own: every problem is answered at once, and a change is recorded as theirs', async () => {
		const providencia = await configOf(admin.token, 'providencia');
		const broken = structuredClone(providencia);
		broken.categories[0].key = 'towels_drying';
		delete broken.securityLine.label.en;
		const refused = await call(server, admin.token, 'PUT', '/api/municipalities/providencia/config', { config: broken });
		expect(refused.status).toBe(400);
		expect(((await refused.json()) as { error: { problems: { path: string }[] } }).error.problems.map((p) => p.path)).toEqual(['securityLine.label.en', 'categories.0.key']);

		const renamed = structuredClone(providencia);
		renamed.securityLine.label['es-CL'] = 'Central Providencia';
		const changed = await call(server, admin.token, 'PUT', '/api/municipalities/providencia/config', { config: renamed, reason: 'nuevo nombre' });
		expect(changed.status).toBe(200);
		expect(await changed.json()).toEqual({ changed: true });
		const shown = (await (await fetch(`${server.url}/api/config`)).json()) as { municipalities: { id: string; emergencyNumbers: { label: Record<string, string> }[] }[] };
		expect(shown.municipalities.find((m) => m.id === 'providencia')?.emergencyNumbers.at(-1)?.label['es-CL']).toBe('Central Providencia');
		const { changes } = (await (await call(server, admin.token, 'GET', '/api/municipalities/providencia/changes')).json()) as { changes: { action: string; actor: { id: string; username: string } | null; reason: string | null; previous: unknown }[] };
		expect(changes.map((c) => [c.action, c.actor?.username ?? null, c.reason])).toEqual([
			['updated', 'admin@providencia', 'nuevo nombre'],
			['added', null, 'demo data (CUADRA_SEED=demo)']
		]);
		expect(changes[0]?.previous).toEqual(providencia);
	});
});
