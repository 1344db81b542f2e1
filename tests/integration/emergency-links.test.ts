import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { serverSuite, type TestServer } from '../support/server.ts';

let server: TestServer;
serverSuite((s) => (server = s));

const inProvidencia = { latitude: -33.4255, longitude: -70.6128, accuracy: 20 };

/** A resident's device signs in with its own secret, as the app does; returns the session cookie and id. */
async function resident(): Promise<{ cookie: string; id: string }> {
	const response = await fetch(`${server.url}/api/auth/resident`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ secret: randomBytes(32).toString('base64url') })
	});
	expect(response.status).toBe(201);
	const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
	return { cookie, id: (await response.json()).user.id };
}

async function staff(username: string): Promise<string> {
	const password = new RegExp(`${username.replace('.', '\\.')}\\s+(\\S+)`).exec(server.output())?.[1];
	const response = await fetch(`${server.url}/api/auth/sign-in`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password })
	});
	expect(response.status).toBe(200);
	return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

const api = (path: string, init: { method?: string; cookie?: string; body?: unknown } = {}) =>
	fetch(`${server.url}${path}`, {
		method: init.method ?? 'GET',
		headers: { ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}) },
		body: init.body ? JSON.stringify(init.body) : undefined
	});

const panic = (cookie?: string) => ({
	cookie,
	method: 'POST',
	body: { id: crypto.randomUUID(), claimedAt: new Date().toISOString(), location: inProvidencia, homeMunicipalityId: null }
});

/** Opens the alert stream as a contact's app does and collects the panic events it receives. */
async function openStream(cookie: string) {
	const controller = new AbortController();
	const response = await fetch(`${server.url}/api/emergency/alerts`, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
	const events: { id: string; subjectId: string; claimedAt: string; location: { latitude: number } | null }[] = [];
	const reader = response.body!.getReader();
	const decoder = new TextDecoder();
	let buffer = '';
	const reading = (async () => {
		try {
			for (;;) {
				const { value, done } = await reader.read();
				if (done) return;
				buffer += decoder.decode(value, { stream: true });
				let end;
				while ((end = buffer.indexOf('\n\n')) >= 0) {
					const block = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					if (block.includes('event: panic')) events.push(JSON.parse(block.split('\n').find((l) => l.startsWith('data: '))!.slice(6)));
				}
			}
		} catch {
			// aborted
		}
	})();
	return {
		events,
		close: async () => {
			controller.abort();
			await reading;
		}
	};
}

describe('contacts who use Cuadra', () => {
	it('a linked contact’s open app receives the panic, and the operator queue has it, with the reporter from the session', async () => {
		const marta = await resident();
		const luis = await resident();
		const stranger = await resident();

		const invite = await api('/api/emergency/invites', { method: 'POST', cookie: marta.cookie });
		expect(invite.status).toBe(201);
		const { code } = await invite.json();
		expect(code).toMatch(/^[A-Z2-9]{8}$/);

		// Luis types the code as he reads it: lower case, with a space.
		const link = await api('/api/emergency/links', { method: 'POST', cookie: luis.cookie, body: { code: `${code.slice(0, 4).toLowerCase()} ${code.slice(4)}` } });
		expect(link.status).toBe(201);
		expect(await link.json()).toEqual({ subjectId: marta.id });
		// The code is used up.
		expect((await api('/api/emergency/links', { method: 'POST', cookie: stranger.cookie, body: { code } })).status).toBe(404);

		expect(await (await api('/api/emergency/links', { cookie: marta.cookie })).json()).toMatchObject({ watching: [], watchedBy: [{ watcherId: luis.id }] });
		expect(await (await api('/api/emergency/links', { cookie: luis.cookie })).json()).toMatchObject({ watching: [{ subjectId: marta.id }], watchedBy: [] });

		const luisApp = await openStream(luis.cookie);
		const strangerApp = await openStream(stranger.cookie);
		const sent = panic(marta.cookie);
		expect((await api('/api/panic', sent)).status).toBe(201);

		await expect.poll(() => luisApp.events.length, { timeout: 10_000 }).toBe(1);
		expect(luisApp.events[0]).toMatchObject({ id: sent.body.id, subjectId: marta.id, claimedAt: sent.body.claimedAt, location: { latitude: inProvidencia.latitude } });

		// An anonymous panic and the stranger's own panic reach no one's app.
		expect((await api('/api/panic', panic())).status).toBe(201);
		expect((await api('/api/panic', panic(stranger.cookie))).status).toBe(201);
		await luisApp.close();
		await strangerApp.close();
		expect(luisApp.events).toHaveLength(1);
		expect(strangerApp.events).toHaveLength(0);

		// The operator queue: Marta's alert carries her (pseudonymous) id from the session.
		const db = new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true });
		const row = db.prepare('select reporter_user_id, municipality_id, priority from panic_alert where id = ?').get(sent.body.id);
		db.close();
		expect(row).toEqual({ reporter_user_id: marta.id, municipality_id: 'providencia', priority: 'high' });

		// A contact who opens the app a little later still sees the alert of the last hour.
		const later = await openStream(luis.cookie);
		await expect.poll(() => later.events.map((e) => e.id), { timeout: 10_000 }).toEqual([sent.body.id]);
		await later.close();

		// Either side can end the link; then nothing more arrives.
		expect((await api(`/api/emergency/links?watcher=${luis.id}`, { method: 'DELETE', cookie: marta.cookie })).status).toBe(204);
		expect(await (await api('/api/emergency/links', { cookie: luis.cookie })).json()).toMatchObject({ watching: [] });
	});

	it('a contact who links after an alert does not see that alert, and sees the next one', async () => {
		const marta = await resident();
		const rosa = await resident();
		const before = panic(marta.cookie);
		expect((await api('/api/panic', before)).status).toBe(201);
		const { code } = await (await api('/api/emergency/invites', { method: 'POST', cookie: marta.cookie })).json();
		expect((await api('/api/emergency/links', { method: 'POST', cookie: rosa.cookie, body: { code } })).status).toBe(201);
		const rosaApp = await openStream(rosa.cookie);
		const after = panic(marta.cookie);
		expect((await api('/api/panic', after)).status).toBe(201);
		await expect.poll(() => rosaApp.events.map((e) => e.id), { timeout: 10_000 }).toEqual([after.body.id]);
		await rosaApp.close();
		// Opened again later: the alert of the last hour from after the link, not the one from before.
		const again = await openStream(rosa.cookie);
		await expect.poll(() => again.events.map((e) => e.id), { timeout: 10_000 }).toEqual([after.body.id]);
		await again.close();
	});

	it('refuses one’s own code, unknown codes and requests without a session', async () => {
		const ana = await resident();
		const { code } = await (await api('/api/emergency/invites', { method: 'POST', cookie: ana.cookie })).json();
		const own = await api('/api/emergency/links', { method: 'POST', cookie: ana.cookie, body: { code } });
		expect(own.status).toBe(400);
		expect((await own.json()).error.code).toBe('own_code');
		const unknown = await api('/api/emergency/links', { method: 'POST', cookie: (await resident()).cookie, body: { code: 'AAAA2222' } });
		expect(unknown.status).toBe(404);
		expect((await unknown.json()).error).toMatchObject({ code: 'invalid_code', message: expect.any(String) });
		for (const [path, method] of [
			['/api/emergency/invites', 'POST'],
			['/api/emergency/links', 'GET'],
			['/api/emergency/alerts', 'GET'],
			['/api/panic/queue?municipality=providencia', 'GET']
		] as const) {
			const response = await api(path, { method });
			expect(response.status, path).toBe(401);
			expect((await response.json()).error.code).toBe('unauthenticated');
		}
	});
});

describe('the operator queue over HTTP', () => {
	it('shows the municipality’s open panics to its own staff only', async () => {
		const sent = panic();
		await api('/api/panic', sent);
		const operator = await staff('operator@providencia');
		const queue = await api('/api/panic/queue?municipality=providencia', { cookie: operator });
		expect(queue.status).toBe(200);
		const { alerts } = await queue.json();
		expect(alerts.find((a: { id: string }) => a.id === sent.body.id)).toMatchObject({
			priority: 'high',
			status: 'open',
			claimedAt: sent.body.claimedAt,
			location: { latitude: inProvidencia.latitude, longitude: inProvidencia.longitude }
		});
		expect((await api('/api/panic/queue?municipality=las-condes', { cookie: operator })).status).toBe(403);
		expect((await api('/api/panic/queue?municipality=providencia', { cookie: (await resident()).cookie })).status).toBe(403);
	});
});

describe('the encrypted contacts backup', () => {
	const id = randomBytes(24).toString('base64url');
	const blob = randomBytes(200).toString('base64url');

	it('keeps only what the device sends, for any signed-in device with the id, and only its owner deletes it', async () => {
		const owner = await resident();
		const other = await resident();
		expect((await api('/api/emergency/backup', { method: 'PUT', body: { id, blob } })).status).toBe(401);
		expect((await api('/api/emergency/backup', { method: 'PUT', cookie: owner.cookie, body: { id, blob: 'not base64 !' } })).status).toBe(400);
		expect((await api('/api/emergency/backup', { method: 'PUT', cookie: owner.cookie, body: { id, blob } })).status).toBe(204);

		// A new phone (another account) that knows the id reads it back.
		const read = await api(`/api/emergency/backup?id=${id}`, { cookie: other.cookie });
		expect(read.status).toBe(200);
		expect((await read.json()).blob).toBe(blob);
		expect((await api(`/api/emergency/backup?id=${randomBytes(24).toString('base64url')}`, { cookie: other.cookie })).status).toBe(404);

		// Nobody else can overwrite or delete it.
		expect((await api('/api/emergency/backup', { method: 'PUT', cookie: other.cookie, body: { id, blob: 'x'.repeat(40) } })).status).toBe(409);
		expect((await api(`/api/emergency/backup?id=${id}`, { method: 'DELETE', cookie: other.cookie })).status).toBe(404);

		// The server holds only a hash of the id and the ciphertext.
		const db = new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true });
		const rows = db.prepare('select id_hash, blob from emergency_backup').all() as { id_hash: string; blob: string }[];
		db.close();
		expect(rows.some((r) => r.id_hash === id)).toBe(false);
		expect(rows.find((r) => r.blob === blob)?.id_hash).toMatch(/^[0-9a-f]{64}$/);

		expect((await api(`/api/emergency/backup?id=${id}`, { method: 'DELETE', cookie: owner.cookie })).status).toBe(204);
		expect((await api(`/api/emergency/backup?id=${id}`, { cookie: other.cookie })).status).toBe(404);
	});
});
