import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contains } from '../../src/lib/domain/geo.ts';
import { demoConfigs } from '../../server/seed/demo.ts';
import { removeDir, startServer, type TestServer } from '../support/server.ts';

/**
 * Issue 17, item 5: the boundaries decide where a report goes, on the server. The demo's Providencia
 * and Las Condes share the edge from (-70.583, -33.419) to (-70.587, -33.433); at latitude -33.426
 * it runs through longitude -70.585. 50 m either side of it, and a point in neither (Plaza de Armas).
 */
const westOfBorder = [-70.5855, -33.426] as const;
const eastOfBorder = [-70.5845, -33.426] as const;
const plazaDeArmas = [-70.6506, -33.4372] as const;

const report = (point: readonly [number, number], location: Record<string, unknown> = {}) => ({
	id: randomUUID(),
	category: 'streetlight_out',
	description: 'Luminaria apagada en la esquina.',
	location: { kind: 'point', point, source: 'gps', accuracyMetres: 10, ...location },
	consentToCall: false,
	reportedAt: new Date().toISOString()
});

describe('a report goes to the municipality whose boundary holds its point', () => {
	let server: TestServer;
	const post = (body: unknown) => fetch(`${server.url}/api/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(async () => {
		await server.stop();
		removeDir(server.dataDir);
	});

	it('the demo boundaries are as this test reads them', () => {
		const [lasCondes, providencia] = demoConfigs().sort((a, b) => a.id.localeCompare(b.id));
		expect(contains(providencia!.boundary, westOfBorder)).toBe(true);
		expect(contains(lasCondes!.boundary, westOfBorder)).toBe(false);
		expect(contains(lasCondes!.boundary, eastOfBorder)).toBe(true);
		expect(contains(providencia!.boundary, eastOfBorder)).toBe(false);
		for (const m of [providencia!, lasCondes!]) expect(contains(m.boundary, plazaDeArmas)).toBe(false);
	});

	it('either side of the shared border, each report reaches its own side', async () => {
		const west = await post(report(westOfBorder));
		expect(west.status).toBe(201);
		expect(await west.json()).toMatchObject({ municipality: 'providencia' });
		const east = await post(report(eastOfBorder));
		expect(east.status).toBe(201);
		expect(await east.json()).toMatchObject({ municipality: 'las-condes' });
	});

	it('the server decides, never the client: a claimed municipality beside a point is ignored', async () => {
		const claimed = await post(report(eastOfBorder, { municipality: 'providencia' }));
		expect(claimed.status).toBe(201);
		const receipt = (await claimed.json()) as { id: string; municipality: string };
		expect(receipt.municipality).toBe('las-condes');
		const db = new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true });
		try {
			expect(db.prepare('select municipality_id from report where id = ?').get(receipt.id)).toEqual({ municipality_id: 'las-condes' });
		} finally {
			db.close();
		}
	});

	it('a point in neither is refused with a reason the device keeps with the draft, and nothing is stored', async () => {
		const body = report(plazaDeArmas);
		const refused = await post(body);
		expect(refused.status).toBe(422);
		expect(await refused.json()).toEqual({ error: { code: 'outside_municipalities', message: 'This place is outside every municipality that uses Cuadra. Move the pin to where it happened.' } });
		const db = new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true });
		try {
			expect(db.prepare('select count(*) n from report where id = ?').get(body.id)).toEqual({ n: 0 });
		} finally {
			db.close();
		}
	});
});
