import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { postReport, RawClient, resident, staff, until, upgradeStatus } from './sync-support.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

const cookie = (token: string) => ({ cookie: `cuadra_session=${token}` });

/** A report sent by `creator` in Providencia; the server writes its document. */
const createReport = (token: string, creatorId: string): Promise<string> => postReport(server, { token, userId: creatorId });

describe('websocket authentication and access', () => {
	it('answers 401 before any upgrade without a session or with an unknown one', async () => {
		expect(await upgradeStatus(server, `report:${randomUUID()}`)).toBe(401);
		expect(await upgradeStatus(server, `report:${randomUUID()}`, cookie('not-a-session'))).toBe(401);
		expect(await upgradeStatus(server, `report:${randomUUID()}`, { authorization: 'Bearer nope' })).toBe(401);
	});

	it('answers 404 for unknown kinds and malformed room names, and 403 across sites', async () => {
		const { token } = await resident(server);
		expect(await upgradeStatus(server, `secrets:${randomUUID()}`, cookie(token))).toBe(404);
		expect(await upgradeStatus(server, 'report', cookie(token))).toBe(404);
		expect(await upgradeStatus(server, 'report:a/b', cookie(token))).toBe(404);
		expect(await upgradeStatus(server, `report:${randomUUID()}`, { ...cookie(token), origin: 'https://evil.example' })).toBe(403);
		expect(await upgradeStatus(server, `report:${randomUUID()}`, cookie(token))).toBe(101);
	});

	it('accepts the session as cookie, bearer header or token parameter', async () => {
		const { token } = await resident(server);
		for (const how of ['cookie', 'bearer', 'query'] as const) {
			const client = await new RawClient(server, `report:${randomUUID()}`, token, how).ready();
			expect(client.closed).toBeNull();
			client.close();
		}
	});

	it('keeps a report’s private half to its reporter and their municipality’s staff', async () => {
		const ana = await resident(server, 'providencia');
		const id = await createReport(ana.token, ana.userId);
		const neighbourSameTown = await resident(server, 'providencia');
		const otherTown = await resident(server, 'las-condes');
		const operator = await staff(server, 'operator@providencia');
		const otherOperator = await staff(server, 'operator@las-condes');
		expect(await upgradeStatus(server, `report-private:${id}`, cookie(ana.token))).toBe(101);
		expect(await upgradeStatus(server, `report-private:${id}`, cookie(operator.token))).toBe(101);
		expect(await upgradeStatus(server, `report-private:${id}`, cookie(neighbourSameTown.token))).toBe(403);
		expect(await upgradeStatus(server, `report-private:${id}`, cookie(otherTown.token))).toBe(403);
		expect(await upgradeStatus(server, `report-private:${id}`, cookie(otherOperator.token))).toBe(403);
		// The public half is readable from the neighbouring municipality, but not writable.
		const reader = await new RawClient(server, `report:${id}`, otherTown.token).ready();
		expect(reader.doc.getMap('meta').get('description')).toBe('Poste apagado');
		reader.edit((doc) => doc.getArray('messages').push([{ id: 'm1', author: otherTown.userId, text: 'Hola', at: Date.now() }]));
		expect(await reader.waitClosed()).toEqual({ code: CloseCode.refused, reason: expect.stringContaining('read') });
	});

	it('takes a report posted through the reports API as the truth for its documents', async () => {
		const ana = await resident(server, 'providencia');
		const id = randomUUID();
		const posted = await fetch(`${server.url}/api/reports`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...cookie(ana.token) },
			body: JSON.stringify({
				id,
				category: 'streetlight_out',
				description: 'Poste apagado',
				location: { kind: 'point', point: [-70.6128, -33.4255], source: 'map' },
				consentToCall: true,
				phone: '+56 2 2345 6789',
				reportedAt: new Date().toISOString()
			})
		});
		expect(posted.ok).toBe(true);
		const ben = await resident(server, 'providencia');
		const operator = await staff(server, 'operator@providencia');
		expect(await upgradeStatus(server, `report-private:${id}`, cookie(ana.token))).toBe(101);
		expect(await upgradeStatus(server, `report-private:${id}`, cookie(operator.token))).toBe(101);
		expect(await upgradeStatus(server, `report-private:${id}`, cookie(ben.token))).toBe(403);
		// Nobody can claim the report in its document, and a neighbour from elsewhere only reads.
		const claimer = await new RawClient(server, `report:${id}`, ben.token).ready();
		claimer.edit((doc) => doc.getMap('meta').set('creator', ben.userId));
		expect((await claimer.waitClosed()).code).toBe(CloseCode.refused);
		const chat = await new RawClient(server, `report:${id}`, ben.token).ready();
		chat.edit((doc) => doc.getArray('messages').push([{ id: 'm1', author: ben.userId, text: '¿Sigue apagado?', at: Date.now() }]));
		await until(() => chat.acknowledged(), 'ben’s message to be stored');
		const otherTown = await resident(server, 'las-condes');
		const reader = await new RawClient(server, `report:${id}`, otherTown.token).ready();
		expect(reader.doc.getArray('messages').length).toBe(1);
		reader.edit((doc) => doc.getArray('messages').push([{ id: 'm2', author: otherTown.userId, text: 'Hola', at: Date.now() }]));
		expect((await reader.waitClosed()).code).toBe(CloseCode.refused);
	});

	it('closes open sockets with 4401 when the session is signed out', async () => {
		const { token } = await resident(server);
		const client = await new RawClient(server, `report:${randomUUID()}`, token).ready();
		await fetch(`${server.url}/api/auth/sign-out`, { method: 'POST', headers: cookie(token) });
		expect((await client.waitClosed()).code).toBe(CloseCode.sessionEnded);
		expect(await upgradeStatus(server, `report:${randomUUID()}`, cookie(token))).toBe(401);
	});
});

describe('expired sessions', () => {
	let shortLived: TestServer;
	beforeAll(async () => {
		shortLived = await startServer({ env: { CUADRA_SESSION_TTL_SECONDS: '2' } });
	});
	afterAll(async () => {
		await shortLived?.stop();
	});

	it('are closed with 4401 while open and refused with 401 afterwards', async () => {
		const { token } = await resident(shortLived);
		const client = await new RawClient(shortLived, `report:${randomUUID()}`, token).ready();
		expect((await client.waitClosed()).code).toBe(CloseCode.sessionEnded);
		expect(await upgradeStatus(shortLived, `report:${randomUUID()}`, cookie(token))).toBe(401);
		expect((await fetch(`${shortLived.url}/api/auth/me`, { headers: cookie(token) })).status).toBe(401);
	});
});
