import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpsQueue, StaffIncident } from '../../src/lib/ops/contract.ts';
import type { ReportFeed, ReportReceipt } from '../../src/lib/domain/report.ts';
import { removeDir, startServer, type TestServer } from '../support/server.ts';
import { call } from './staff-support.ts';
import { providenciaPoint, resident, staff, type Account } from './sync-support.ts';

/**
 * Issue 17, item 4: a draft made offline with a category that the municipality has hidden since
 * still sends. The server accepts it as received, tells the operators (the queue and the incident
 * page), and loses nothing. A category the municipality never had is still refused, and so is one
 * it does not handle (the device keeps that draft with the reason).
 */
describe('a report with a category hidden since it was written', () => {
	let server: TestServer;
	let admin: Account;
	let operator: Account;
	let ana: Account;
	const report = (category: string) => ({
		id: randomUUID(),
		category,
		description: 'Luminaria apagada, escrito sin señal',
		location: { kind: 'point', point: providenciaPoint, source: 'gps', accuracyMetres: 12 },
		consentToCall: false,
		reportedAt: new Date(Date.now() - 3_600_000).toISOString()
	});

	beforeAll(async () => {
		server = await startServer();
		[admin, operator] = await Promise.all([staff(server, 'admin@providencia'), staff(server, 'operator@providencia')]);
		ana = await resident(server);
		// The admin hides "Streetlight out" while Ana's draft waits on her phone.
		const { config } = (await (await call(server, admin.token, 'GET', '/api/municipalities/providencia/config')).json()) as { config: { categories: { key: string; status: string }[] } };
		const hidden = structuredClone(config);
		for (const c of hidden.categories) if (c.key === 'streetlight_out') c.status = 'hidden';
		expect((await call(server, admin.token, 'PUT', '/api/municipalities/providencia/config', { config: hidden, reason: 'lo ve la empresa eléctrica' })).status).toBe(200);
		const shown = (await (await fetch(`${server.url}/api/config`)).json()) as { municipalities: { id: string; categories: { key: string }[] }[] };
		expect(shown.municipalities.find((m) => m.id === 'providencia')?.categories.map((c) => c.key)).not.toContain('streetlight_out');
	});
	afterAll(async () => {
		await server.stop();
		removeDir(server.dataDir);
	});

	it('is accepted as received, and the queue row and the incident page tell the operators', async () => {
		const response = await call(server, ana.token, 'POST', '/api/reports', report('streetlight_out'));
		expect(response.status).toBe(201);
		const receipt = (await response.json()) as ReportReceipt;
		expect(receipt).toMatchObject({ status: 'received', municipality: 'providencia' });
		expect(JSON.stringify(receipt)).not.toMatch(/retired/i);

		const queue = (await (await call(server, operator.token, 'GET', '/api/ops/queue?municipality=providencia')).json()) as OpsQueue;
		expect(queue.incidents.find((i) => i.id === receipt.incidentId)).toMatchObject({ state: 'received', category: 'streetlight_out', retiredCategories: ['streetlight_out'] });
		const view = (await (await call(server, operator.token, 'GET', `/api/ops/incidents/${receipt.incidentId}`)).json()) as StaffIncident;
		expect(view.incident.retiredCategories).toEqual(['streetlight_out']);
		expect(view.reports.map((r) => [r.id, r.categoryRetired])).toEqual([[receipt.id, true]]);

		// The public sees the report as any other (its coarse rules were the category's), never the mark.
		const feed = (await (await fetch(`${server.url}/api/reports?municipality=providencia`)).json()) as ReportFeed;
		const published = feed.reports.find((r) => r.id === receipt.id);
		expect(published).toMatchObject({ category: 'streetlight_out', status: 'received', coarse: false });
		expect(JSON.stringify(feed)).not.toMatch(/retired/i);

		// A shown category's incident carries no notice.
		const robbery = (await (await call(server, ana.token, 'POST', '/api/reports', report('robbery'))).json()) as ReportReceipt;
		const after = (await (await call(server, operator.token, 'GET', '/api/ops/queue?municipality=providencia')).json()) as OpsQueue;
		expect(after.incidents.find((i) => i.id === robbery.incidentId)?.retiredCategories).toEqual([]);
	});

	it('a category the municipality never had is refused, as is one it does not handle, a draft written after the hiding, and an operator entering a hidden one', async () => {
		const never = await call(server, ana.token, 'POST', '/api/reports', report('towels_drying'));
		expect(never.status).toBe(422);
		expect(await never.json()).toMatchObject({ error: { code: 'unknown_category' } });
		const elsewhere = await call(server, ana.token, 'POST', '/api/reports', report('power_outage'));
		expect(elsewhere.status).toBe(422);
		expect(await elsewhere.json()).toMatchObject({ error: { code: 'category_not_handled', message: expect.stringContaining('Enel') } });
		// A draft written after the change that hid the category is refused like any unknown one.
		const written = await call(server, ana.token, 'POST', '/api/reports', { ...report('streetlight_out'), reportedAt: new Date().toISOString() });
		expect(written.status).toBe(422);
		expect(await written.json()).toMatchObject({ error: { code: 'unknown_category' } });
		const entered = await call(server, operator.token, 'POST', '/api/ops/reports', { id: randomUUID(), municipality: 'providencia', channel: 'phone', category: 'streetlight_out', description: 'Llamó un vecino', location: { kind: 'place', text: 'Pasaje Las Acacias 123', municipality: 'providencia' } });
		expect(entered.status).toBe(422);
		expect(await entered.json()).toMatchObject({ error: { code: 'unknown_category' } });
	});
});
