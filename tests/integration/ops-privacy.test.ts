import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { act, call, sendReport, staffView } from './ops-support.ts';
import { RawClient, resident, serverWithProviders, staff, until, upgradeStatus } from './sync-support.ts';

const { server } = serverWithProviders();

/**
 * Issue 15, item 8: no private field reaches a document or a response a resident can read. A
 * resident of the same municipality reads every room and every resident-facing response about a
 * neighbour's report that operators have worked on, and none of the reporter's id, the exact pin
 * (the category points at a home: the public sees a coarse cell), the phone, the internal notes,
 * the unit, nor a staff member's id, name or username appears.
 */
describe('privacy of the lifecycle', () => {
	it('a neighbour reads every room and response, and finds nothing private', async () => {
		const ana = await resident(server);
		const ben = await resident(server);
		const olga = await staff(server, 'operator@providencia');
		const pin: [number, number] = [-70.6161234, -33.4312345];
		const phone = '+56 9 8765 4321';
		const receipt = await sendReport(server, ana, { category: 'home_burglary', description: 'Entraron a la casa', location: { kind: 'point', point: pin, source: 'gps' }, consentToCall: true });
		expect(receipt.report.coarse).toBe(true);
		// The number the reporter gave, kept in the private half (as the device's "the municipality may call me" stores it).
		const db = new Database(join(server.dataDir, 'cuadra.sqlite'));
		try {
			db.prepare('update report_private set phone = ? where report_id = ?').run(phone, receipt.id);
		} finally {
			db.close();
		}
		const mine = await new RawClient(server, `report-private:${receipt.id}`, ana.token).ready();
		mine.edit((d) => d.getMap('contact').set('phone', phone));
		await until(() => mine.acknowledged(), 'the phone in the private half');
		mine.close();

		// Operators work on it: staff see the phone (consent given), the exact pin and their names.
		const secrets = { note: 'Nota interna: la vecina del 3B sabe quién fue', call: 'Llamada: dice que conoce al autor', unit: 'Móvil Alfa 9' };
		expect((await act(server, olga, receipt.incidentId, { action: 'acknowledge', message: 'Un operador tomó tu reporte y te llamará.' })).status).toBe(200);
		expect((await act(server, olga, receipt.incidentId, { action: 'call', reached: true, note: secrets.call })).status).toBe(200);
		expect((await act(server, olga, receipt.incidentId, { action: 'note', text: secrets.note })).status).toBe(200);
		expect((await act(server, olga, receipt.incidentId, { action: 'dispatch', unit: secrets.unit, message: 'Va una patrulla.' })).status).toBe(200);
		expect((await act(server, olga, receipt.incidentId, { action: 'message', message: 'La patrulla llegó.' })).status).toBe(200);
		const view = await staffView(server, olga, receipt.incidentId);
		expect(view.reports[0]).toMatchObject({ phone, point: pin, coarse: true });
		const staffName = view.timeline.find((e) => e.actor)?.actor?.name;
		expect(staffName).toBeTruthy();
		// The phone's digits without spaces too (not a 4-digit piece of it: a random uuid holds one now and then).
		const forbidden = [ana.userId, String(pin[0]), String(pin[1]), phone, phone.replace(/\D/g, ''), '87654321', secrets.note, secrets.call, secrets.unit, olga.userId, staffName as string, 'operator@providencia'];

		// Every room, as Ben: what he may open, and the private half he may not.
		const read: Record<string, string> = {};
		for (const room of ['feed:providencia', `report:${receipt.id}`, `incident:${receipt.incidentId}`]) {
			const client = await new RawClient(server, room, ben.token).ready();
			if (room.startsWith('incident:')) await until(() => client.doc.getArray('events').toArray().some((e) => (e as { type: string }).type === 'dispatched'), 'the timeline');
			read[room] = JSON.stringify(client.doc.toJSON());
			client.close();
		}
		expect(await upgradeStatus(server, `report-private:${receipt.id}`, { authorization: `Bearer ${ben.token}` })).toBe(403);
		// What the thread does say: the municipality's public messages, signed `municipality`.
		expect(read[`incident:${receipt.incidentId}`]).toContain('La patrulla llegó.');
		expect(read[`incident:${receipt.incidentId}`]).toContain('"author":"municipality"');

		// Every response a resident can get about it.
		const responses: Record<string, string> = {};
		const get = async (label: string, response: Response) => (responses[label] = `${response.status} ${await response.text()}`);
		await get('feed json', await call(server, ben, 'GET', '/api/reports?municipality=providencia'));
		await get('public report', await call(server, ben, 'GET', `/api/reports/${receipt.id}`));
		await get('staff view refused', await call(server, ben, 'GET', `/api/ops/incidents/${receipt.incidentId}`));
		await get('decision refused', await call(server, ben, 'POST', `/api/ops/incidents/${receipt.incidentId}/actions`, { action: 'note', version: 1, text: 'x' }));
		await get('reopen refused', await call(server, ben, 'POST', `/api/reports/${receipt.id}/reopen-request`, { reason: 'Quiero saber' }));
		await get('own export', await call(server, ben, 'GET', '/api/account/export'));
		const own = await sendReport(server, ben, { category: 'home_burglary', location: { kind: 'point', point: [-70.6161, -33.4312], source: 'gps' } });
		responses['own receipt'] = JSON.stringify(own);
		expect(own.incidentId).toBe(receipt.incidentId);

		for (const [where, text] of Object.entries({ ...read, ...responses })) {
			for (const secret of forbidden) expect(text.includes(secret), `${secret} in ${where}`).toBe(false);
		}
		expect(responses['staff view refused']).toMatch(/^403/);
	});
});
