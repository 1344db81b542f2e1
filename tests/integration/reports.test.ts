import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { reportFeedSchema, reportReceiptSchema } from '../../src/lib/domain/report.ts';
import { removeDir, serverSuite, startServer, type TestServer } from '../support/server.ts';
import { cookieOf, decide as decideAs, staffCookie } from './reports-support.ts';

const providencia = [-70.6128, -33.4255];

const report = (over: Record<string, unknown> = {}) => ({
	id: randomUUID(),
	category: 'streetlight_out',
	description: 'The light on the corner has been out since Monday.',
	location: { kind: 'point', point: providencia, source: 'map' },
	consentToCall: false,
	reportedAt: new Date().toISOString(),
	...over
});

describe('the reports API on the real server', () => {
	let server: TestServer;
	const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
		fetch(`${server.url}/api/reports`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
	const feed = async (municipality: string) => reportFeedSchema.parse(await (await fetch(`${server.url}/api/reports?municipality=${municipality}`)).json());

	serverSuite((s) => (server = s));

	it('receives a report, answers with a receipt, and shows it in its municipality\'s feed only', async () => {
		const body = report();
		const response = await post(body);
		expect(response.status).toBe(201);
		const receipt = reportReceiptSchema.parse(await response.json());
		expect(receipt).toMatchObject({ id: body.id, status: 'received', municipality: 'providencia' });

		const providenciaFeed = await feed('providencia');
		expect(providenciaFeed.staleAfterHours).toBeGreaterThan(0);
		expect(providenciaFeed.coarseCategories).toEqual(['home_burglary']);
		expect(providenciaFeed.reports.map((r) => r.id)).toContain(body.id);
		expect((await feed('las-condes')).reports.map((r) => r.id)).not.toContain(body.id);
	});

	it('answers the same receipt when the outbox sends again (idempotent)', async () => {
		const body = report();
		const first = await (await post(body)).json();
		const again = await post(body);
		expect(again.status).toBe(200);
		expect(await again.json()).toEqual(first);
	});

	it('refuses a pin outside every municipality with a reason code, and stores nothing', async () => {
		const body = report({ location: { kind: 'point', point: [-70.6506, -33.4378], source: 'map' } });
		const response = await post(body);
		expect(response.status).toBe(422);
		expect(await response.json()).toMatchObject({ error: { code: 'outside_municipalities', message: expect.any(String) } });
		expect((await feed('providencia')).reports.map((r) => r.id)).not.toContain(body.id);
	});

	it('refuses bodies that are not JSON reports, in the one error shape', async () => {
		expect((await post('{"nope": 1}')).status).toBe(400);
		expect(await (await post('hello', { 'content-type': 'text/plain' })).json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
		expect(await (await post('{', { 'content-type': 'application/json' })).json()).toMatchObject({ error: { code: 'invalid_json' } });
		expect((await fetch(`${server.url}/api/reports`)).status).toBe(400);
		expect(await (await fetch(`${server.url}/api/reports?municipality=atlantis`)).json()).toMatchObject({ error: { code: 'unknown_municipality' } });
	});

	it('never shows the public who reported, their consent or the device position', async () => {
		const body = report({ category: 'home_burglary', consentToCall: true, phone: '+56 2 2345 6789', devicePosition: [-70.6127, -33.4254] });
		await post(body);
		const raw = await (await fetch(`${server.url}/api/reports?municipality=providencia`)).text();
		const published = (await feed('providencia')).reports.find((r) => r.id === body.id);
		expect(published?.coarse).toBe(true);
		expect(raw).not.toMatch(/consent|reporter|device|-33\.4254\b/);
		expect(published?.point).not.toEqual(providencia);
	});

	it('records the signed-in reporter privately, from the session and never from the body', async () => {
		const signIn = await fetch(`${server.url}/api/auth/resident`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ secret: randomBytes(32).toString('base64url') })
		});
		expect(signIn.ok).toBe(true);
		const { user } = (await signIn.json()) as { user: { id: string } };
		const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
		const body = report({ reporter: 'someone-else' });
		expect((await post(body, { 'content-type': 'application/json', cookie })).status).toBe(201);

		const store = new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true });
		try {
			expect(store.prepare('select reporter_id from report_private where report_id = ?').get(body.id)).toEqual({ reporter_id: user.id });
		} finally {
			store.close();
		}
		const raw = await (await fetch(`${server.url}/api/reports?municipality=providencia`)).text();
		expect(raw).not.toContain(user.id);
	});

	it('answers a re-post of a signed-in resident\'s report id, from another person or with no session, without its receipt', async () => {
		const resident = async () => {
			const signIn = await fetch(`${server.url}/api/auth/resident`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret: randomBytes(32).toString('base64url') }) });
			return cookieOf(signIn);
		};
		const owner = await resident();
		const body = report();
		const receipt = await (await post(body, { 'content-type': 'application/json', cookie: owner })).json();
		// Another person's copy of the body, say a different description: only the id counts.
		const others: Record<string, string>[] = [{ 'content-type': 'application/json' }, { 'content-type': 'application/json', cookie: await resident() }];
		for (const headers of others) {
			const again = await post({ ...body, description: 'Someone else wrote this one.' }, headers);
			expect(again.status, JSON.stringify(headers)).toBe(409);
			const text = await again.text();
			expect(JSON.parse(text)).toEqual({ error: { code: 'id_taken', message: expect.any(String) } });
			for (const secret of [receipt.receivedAt, receipt.incidentId, receipt.municipality, body.description]) expect(text).not.toContain(secret);
		}
		// Its reporter still gets the receipt when the outbox sends again.
		const mine = await post(body, { 'content-type': 'application/json', cookie: owner });
		expect(mine.status).toBe(200);
		expect(await mine.json()).toEqual(receipt);
	});

	it('refuses a report posted from another site', async () => {
		const response = await post(report(), { 'content-type': 'application/json', origin: 'https://evil.example' });
		expect(response.status).toBe(403);
	});

	it('takes a photo by PUT (idempotent), refuses one with EXIF, and serves it once its report is in', async () => {
		const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0x4a, 0x46, 0xff, 0xda, 0, 2, 7, 7, 0xff, 0xd9]);
		const exif = Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0, 8, 0x45, 0x78, 0x69, 0x66, 0, 0, 0xff, 0xda, 0, 2, 0xff, 0xd9]);
		const photoId = randomUUID();
		const put = (id: string, body: Buffer) => fetch(`${server.url}/api/reports/photo?id=${id}`, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: new Uint8Array(body) });
		expect((await put(photoId, jpeg)).status).toBe(201);
		expect((await put(photoId, jpeg)).status).toBe(200);
		expect(await (await put(randomUUID(), exif)).json()).toMatchObject({ error: { code: 'has_exif' } });
		expect((await fetch(`${server.url}/api/reports/photo?id=${photoId}`)).status).toBe(404);

		const body = report({ category: 'dumped_rubbish', photoIds: [photoId] });
		const receipt = reportReceiptSchema.parse(await (await post(body)).json());
		expect(receipt.report.photoIds).toEqual([photoId]);
		const photo = await fetch(`${server.url}/api/reports/photo?id=${photoId}`);
		expect(photo.headers.get('content-type')).toBe('image/jpeg');
		expect(Buffer.from(await photo.arrayBuffer())).toEqual(jpeg);
	});

	it('answers 304 Not Modified to a device whose feed is current', async () => {
		const first = await fetch(`${server.url}/api/reports?municipality=providencia`);
		const etag = first.headers.get('etag') ?? '';
		expect(etag).not.toBe('');
		const again = await fetch(`${server.url}/api/reports?municipality=providencia`, { headers: { 'if-none-match': etag } });
		expect(again.status).toBe(304);
		await post(report());
		const changed = await fetch(`${server.url}/api/reports?municipality=providencia`, { headers: { 'if-none-match': etag } });
		expect(changed.status).toBe(200);
	});

	it('lets an operator of the municipality acknowledge and close an incident, recorded with who decided; nobody else', async () => {
		const body = report({ category: 'bus_stop_damage', location: { kind: 'point', point: [-70.6100, -33.4300], source: 'map' } });
		const receipt = reportReceiptSchema.parse(await (await post(body)).json());
		const decide = (cookie: string, decision: { incidentId: string; status: 'acknowledged' | 'closed'; message?: string }) => decideAs(server, cookie, decision);

		expect((await decide('', { incidentId: receipt.incidentId, status: 'acknowledged' })).status).toBe(401);
		const resident = await fetch(`${server.url}/api/auth/resident`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret: randomBytes(32).toString('base64url') }) });
		expect((await decide(cookieOf(resident), { incidentId: receipt.incidentId, status: 'acknowledged' })).status).toBe(403);
		expect((await decide(await staffCookie(server, 'operator@las-condes'), { incidentId: receipt.incidentId, status: 'acknowledged' })).status).toBe(403);

		const operator = await staffCookie(server, 'operator@providencia');
		expect((await decide(operator, { incidentId: receipt.incidentId, status: 'acknowledged' })).status).toBe(200);
		expect((await feed('providencia')).reports.find((r) => r.id === body.id)?.status).toBe('acknowledged');
		expect((await decide(operator, { incidentId: receipt.incidentId, status: 'closed' })).status).toBe(400);
		expect((await decide(operator, { incidentId: receipt.incidentId, status: 'closed', message: 'The shelter glass was replaced.' })).status).toBe(200);
		expect((await feed('providencia')).reports.find((r) => r.id === body.id)).toMatchObject({ status: 'closed', closingMessage: 'The shelter glass was replaced.' });

		const store = new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true });
		try {
			const decisions = store.prepare('select d.type as status, u.username from incident_event d join user u on u.id = d.actor_id where d.incident_id = ? order by d.seq').all(receipt.incidentId);
			expect(decisions).toEqual([
				{ status: 'acknowledged', username: 'operator@providencia' },
				{ status: 'closed', username: 'operator@providencia' }
			]);
		} finally {
			store.close();
		}
	});

	it('slows down a flood: a signed-in resident gets 429 with retry-after after 20 reports in an hour', async () => {
		const resident = await fetch(`${server.url}/api/auth/resident`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret: randomBytes(32).toString('base64url') }) });
		const cookie = cookieOf(resident);
		const statuses: number[] = [];
		for (let i = 0; i < 21; i++) statuses.push((await post(report({ description: `flood ${i}` }), { 'content-type': 'application/json', cookie })).status);
		expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
		const limited = await post(report(), { 'content-type': 'application/json', cookie });
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
	});
});

describe('a municipality that changes when reports go stale', () => {
	it('sends its CUADRA_REPORT_STALE_HOURS with the feed', async () => {
		const server = await startServer({ env: { CUADRA_REPORT_STALE_HOURS: '24' } });
		try {
			const feed = reportFeedSchema.parse(await (await fetch(`${server.url}/api/reports?municipality=providencia`)).json());
			expect(feed.staleAfterHours).toBe(24);
		} finally {
			await server.stop();
			removeDir(server.dataDir);
		}
	});
});
