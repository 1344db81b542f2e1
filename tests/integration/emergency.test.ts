import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { removeDir, serverSuite, startServer, type TestServer } from '../support/server.ts';

interface Row {
	id: string;
	municipality_id: string | null;
	municipality_source: string | null;
	priority: string;
	status: string;
	latitude: number | null;
	longitude: number | null;
	claimed_at: string;
	received_at: string;
	reporter_user_id: string | null;
	location_deleted_at: string | null;
}

/** The operator queue as the server stored it, read straight from its SQLite file. */
function queue(server: TestServer): Row[] {
	const db = new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true, fileMustExist: true });
	try {
		return db.prepare('select * from panic_alert order by received_at').all() as Row[];
	} finally {
		db.close();
	}
}

const post = (server: TestServer, body: unknown, type = 'application/json') =>
	fetch(`${server.url}/api/panic`, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });

const inProvidencia = { latitude: -33.4255, longitude: -70.6128, accuracy: 20 };

describe('POST /api/panic against the real server', () => {
	let server: TestServer;
	serverSuite((s) => (server = s));

	it('puts a panic in the operator queue of the municipality where it happened, at high priority', async () => {
		const id = crypto.randomUUID();
		// Pressed offline an hour ago, by the device's clock: recorded as claimed, beside the server's time.
		const claimedAt = new Date(Date.now() - 3_600_000).toISOString();
		const response = await post(server, { id, claimedAt, location: inProvidencia, homeMunicipalityId: 'las-condes' });
		expect(response.status).toBe(201);
		const receipt = await response.json();
		expect(receipt).toMatchObject({ id, municipalityId: 'providencia' });

		const row = queue(server).find((r) => r.id === id);
		expect(row).toMatchObject({
			municipality_id: 'providencia',
			municipality_source: 'location',
			priority: 'high',
			status: 'open',
			latitude: inProvidencia.latitude,
			longitude: inProvidencia.longitude,
			claimed_at: claimedAt,
			reporter_user_id: null
		});
		expect(row?.received_at).toBe(receipt.receivedAt);
		expect(row?.received_at).not.toBe(claimedAt);
	});

	it('answers a resend of the same alert without queueing it twice', async () => {
		const alert = { id: crypto.randomUUID(), claimedAt: new Date().toISOString(), location: inProvidencia, homeMunicipalityId: null };
		const first = await (await post(server, alert)).json();
		const again = await post(server, alert);
		expect(again.status).toBe(200);
		expect((await again.json()).receivedAt).toBe(first.receivedAt);
		expect(queue(server).filter((r) => r.id === alert.id)).toHaveLength(1);
	});

	it('answers a resend of a signed-in resident\'s alert id, from another person or with no session, without its time or municipality', async () => {
		const resident = async () => {
			const signIn = await fetch(`${server.url}/api/auth/resident`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ secret: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url') })
			});
			return (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
		};
		const send = (cookie: string | null, body: unknown) =>
			fetch(`${server.url}/api/panic`, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
		const owner = await resident();
		const alert = { id: crypto.randomUUID(), claimedAt: new Date().toISOString(), location: inProvidencia, homeMunicipalityId: null };
		const first = await send(owner, alert);
		expect(first.status).toBe(201);
		const receipt = await first.json();
		for (const cookie of [null, await resident()]) {
			const again = await send(cookie, { ...alert, location: null, homeMunicipalityId: 'las-condes' });
			expect(again.status).toBe(409);
			const text = await again.text();
			expect(JSON.parse(text)).toEqual({ error: { code: 'id_taken', message: expect.any(String) } });
			expect(text).not.toContain(receipt.receivedAt);
			expect(text).not.toContain('providencia');
		}
		const mine = await send(owner, alert);
		expect(mine.status).toBe(200);
		expect(await mine.json()).toEqual(receipt);
		expect(queue(server).filter((r) => r.id === alert.id)).toHaveLength(1);
	});

	it('refuses malformed alerts with the one error shape and queues nothing', async () => {
		const before = queue(server).length;
		const cases: [unknown, string, number, string][] = [
			[{ id: 'not-a-uuid', claimedAt: new Date().toISOString(), location: null, homeMunicipalityId: null }, 'application/json', 400, 'invalid_alert'],
			[{ id: crypto.randomUUID(), claimedAt: 'yesterday', location: null, homeMunicipalityId: null }, 'application/json', 400, 'invalid_alert'],
			[{ id: crypto.randomUUID(), claimedAt: new Date().toISOString(), location: { latitude: 91, longitude: 0, accuracy: null }, homeMunicipalityId: null }, 'application/json', 400, 'invalid_alert'],
			[{ id: crypto.randomUUID(), claimedAt: new Date().toISOString(), location: null, homeMunicipalityId: null, userId: 'someone-else' }, 'application/json', 400, 'invalid_alert'],
			['{not json', 'application/json', 400, 'invalid_json'],
			['id=1', 'application/x-www-form-urlencoded', 415, 'unsupported_media_type']
		];
		for (const [body, type, status, code] of cases) {
			const response = await post(server, body, type);
			expect(response.status, JSON.stringify(body)).toBe(status);
			const error = (await response.json()).error;
			expect(error.code).toBe(code);
			expect(typeof error.message).toBe('string');
		}
		expect(queue(server).length).toBe(before);
		expect((await fetch(`${server.url}/api/panic`)).status).toBe(405);
	});
});

describe('panic retention', () => {
	it('deletes panic locations older than CUADRA_PANIC_RETENTION_DAYS when the server starts', async () => {
		const first = await startServer({ env: { CUADRA_PANIC_RETENTION_DAYS: '2' } });
		const fresh = crypto.randomUUID();
		expect((await post(first, { id: fresh, claimedAt: new Date().toISOString(), location: inProvidencia, homeMunicipalityId: null })).status).toBe(201);
		await first.stop();

		// An alert received three days ago, as if the server had been running since.
		const db = new Database(join(first.dataDir, 'cuadra.sqlite'));
		const old = crypto.randomUUID();
		const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
		db.prepare(
			"insert into panic_alert (id, municipality_id, municipality_source, priority, status, latitude, longitude, accuracy_m, claimed_at, received_at) values (?, 'providencia', 'location', 'high', 'open', -33.43, -70.61, 10, ?, ?)"
		).run(old, threeDaysAgo, threeDaysAgo);
		db.close();

		const second = await startServer({ dataDir: first.dataDir, env: { CUADRA_PANIC_RETENTION_DAYS: '2' } });
		try {
			await expect.poll(() => queue(second).find((r) => r.id === old)?.location_deleted_at ?? null).not.toBeNull();
			const rows = queue(second);
			expect(rows.find((r) => r.id === old)).toMatchObject({ latitude: null, longitude: null, status: 'open' });
			expect(rows.find((r) => r.id === fresh)).toMatchObject({ latitude: inProvidencia.latitude, location_deleted_at: null });
		} finally {
			await second.stop();
			removeDir(first.dataDir);
		}
	});
});

describe('flood protection', () => {
	it('limits anonymous alerts per address with a retryable 429, but not a signed-in resident behind the same address', async () => {
		const server = await startServer();
		try {
			const statuses: number[] = [];
			for (let i = 0; i < 31; i++) {
				const response = await post(server, { id: crypto.randomUUID(), claimedAt: new Date().toISOString(), location: null, homeMunicipalityId: 'providencia' });
				statuses.push(response.status);
				if (response.status === 429) {
					expect(response.headers.get('retry-after')).toBe('60');
					expect((await response.json()).error.code).toBe('too_many_alerts');
				}
			}
			expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
			expect(statuses[30]).toBe(429);

			const signIn = await fetch(`${server.url}/api/auth/resident`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ secret: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url') })
			});
			const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
			const signedIn = await fetch(`${server.url}/api/panic`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify({ id: crypto.randomUUID(), claimedAt: new Date().toISOString(), location: null, homeMunicipalityId: 'providencia' })
			});
			expect(signedIn.status).toBe(201);
			expect(queue(server)).toHaveLength(31);
		} finally {
			await server.stop();
			removeDir(server.dataDir);
		}
	});
});
