import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/server.ts';
import { resident, seededPassword, tokenFrom } from './sync-support.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startServer({ env: { CUADRA_SIGNIN_ATTEMPTS: '3' } });
});
afterAll(async () => {
	await server?.stop();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
	fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const me = (token: string) => fetch(`${server.url}/api/auth/me`, { headers: { cookie: `cuadra_session=${token}` } });

describe('identity API', () => {
	it('creates a pseudonymous resident from a device secret, and signs the same device in again', async () => {
		const secret = randomBytes(32).toString('base64url');
		const first = await post('/api/auth/resident', { secret, municipalityId: 'providencia' });
		expect(first.status).toBe(201);
		expect(first.headers.get('set-cookie')).toMatch(/^cuadra_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
		const body = (await first.json()) as { user: { id: string; kind: string; displayName: null; memberships: unknown[] } };
		expect(body.user).toEqual({ id: expect.any(String), kind: 'resident', displayName: null, memberships: [{ municipalityId: 'providencia', role: 'resident' }] });
		const again = await post('/api/auth/resident', { secret });
		expect(again.status).toBe(200);
		expect(((await again.json()) as { user: { id: string } }).user.id).toBe(body.user.id);
		const who = await me(tokenFrom(again));
		expect(who.status).toBe(200);
		expect(((await who.json()) as { user: { id: string } }).user.id).toBe(body.user.id);
	});

	it('refuses weak secrets, unknown municipalities and non-JSON bodies with the error shape', async () => {
		const weak = await post('/api/auth/resident', { secret: 'short' });
		expect(weak.status).toBe(400);
		expect(await weak.json()).toEqual({ error: { code: 'invalid_request', message: expect.stringContaining('secret') } });
		const unknown = await post('/api/auth/resident', { secret: randomBytes(32).toString('base64url'), municipalityId: 'atlantis' });
		expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('unknown_municipality');
		const form = await fetch(`${server.url}/api/auth/resident`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'secret=x' });
		expect(form.status).toBe(415);
		const crossSite = await post('/api/auth/resident', { secret: randomBytes(32).toString('base64url') }, { origin: 'https://evil.example' });
		expect(crossSite.status).toBe(403);
	});

	it('signs staff in with their password, with their roles, and out again', async () => {
		const response = await post('/api/auth/sign-in', { username: 'operator@providencia', password: seededPassword(server, 'operator@providencia') });
		expect(response.status).toBe(200);
		const token = tokenFrom(response);
		const body = (await (await me(token)).json()) as { user: { kind: string; memberships: unknown[] } };
		expect(body.user.kind).toBe('staff');
		expect(body.user.memberships).toEqual([{ municipalityId: 'providencia', role: 'operator' }]);
		const out = await fetch(`${server.url}/api/auth/sign-out`, { method: 'POST', headers: { cookie: `cuadra_session=${token}` } });
		expect(out.status).toBe(204);
		expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
		expect((await me(token)).status).toBe(401);
	});

	it('rate limits sign-in attempts per username and network', async () => {
		const attempt = () => post('/api/auth/sign-in', { username: 'admin@las-condes', password: 'wrong-password' });
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await attempt()).status);
		expect(statuses).toEqual([401, 401, 401, 429]);
		const limited = await attempt();
		expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
		expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
		// Even the right password waits now.
		expect((await post('/api/auth/sign-in', { username: 'admin@las-condes', password: seededPassword(server, 'admin@las-condes') })).status).toBe(429);
	});

	it('lets a person set and clear an optional display name', async () => {
		const account = await resident(server);
		const put = (displayName: unknown) =>
			fetch(`${server.url}/api/auth/me`, { method: 'PUT', headers: { 'content-type': 'application/json', cookie: `cuadra_session=${account.token}` }, body: JSON.stringify({ displayName }) });
		expect(((await (await put('  Rosa  ')).json()) as { user: { displayName: string } }).user.displayName).toBe('Rosa');
		expect(((await (await me(account.token)).json()) as { user: { displayName: string } }).user.displayName).toBe('Rosa');
		expect((await put('x'.repeat(61))).status).toBe(400);
		expect((await put('<script>')).status).toBe(400);
		expect((await put(null)).status).toBe(200);
		expect(((await (await me(account.token)).json()) as { user: { displayName: null } }).user.displayName).toBeNull();
		expect((await fetch(`${server.url}/api/auth/me`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"displayName":"x"}' })).status).toBe(401);
	});

	it('answers 401 to /me without a session or with a made-up one', async () => {
		expect((await fetch(`${server.url}/api/auth/me`)).status).toBe(401);
		expect((await me('made-up')).status).toBe(401);
		const account = await resident(server);
		expect((await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${account.token}` } })).status).toBe(200);
	});
});

describe('staff sign-in, as typed on a phone', () => {
	let own: TestServer;
	beforeAll(async () => {
		own = await startServer({ env: { CUADRA_SIGNIN_ATTEMPTS: '3' } });
	});
	afterAll(async () => {
		await own?.stop();
	});
	const signIn = (username: string, password: string) =>
		fetch(`${own.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

	it('accepts the username in any case and with spaces around it', async () => {
		const response = await signIn('  Operator@Providencia ', seededPassword(own, 'operator@providencia'));
		expect(response.status).toBe(200);
		expect(((await response.json()) as { user: { memberships: unknown[] } }).user.memberships).toEqual([{ municipalityId: 'providencia', role: 'operator' }]);
	});

	it('counts every spelling of one username against the same limit', async () => {
		const statuses = [];
		for (const username of ['admin@providencia', 'Admin@Providencia', 'ADMIN@PROVIDENCIA', 'admin@Providencia ']) statuses.push((await signIn(username, 'wrong-password')).status);
		expect(statuses).toEqual([401, 401, 401, 429]);
	});
});

describe('a staff member changing their own password', () => {
	let own: TestServer;
	beforeAll(async () => {
		own = await startServer();
	});
	afterAll(async () => {
		await own?.stop();
	});
	const signIn = (username: string, password: string) =>
		fetch(`${own.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
	const change = (token: string, body: unknown) =>
		fetch(`${own.url}/api/auth/password`, { method: 'PUT', headers: { 'content-type': 'application/json', cookie: `cuadra_session=${token}` }, body: JSON.stringify(body) });
	const who = (token: string) => fetch(`${own.url}/api/auth/me`, { headers: { cookie: `cuadra_session=${token}` } });

	it('needs the current password, sets the new one, and ends their other sessions only', async () => {
		const seeded = seededPassword(own, 'operator@las-condes');
		const here = tokenFrom(await signIn('operator@las-condes', seeded));
		const elsewhere = tokenFrom(await signIn('operator@las-condes', seeded));
		const code = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

		expect(await code(await change(here, { currentPassword: 'not-it', newPassword: 'a new long password' }))).toBe('invalid_credentials');
		const short = await change(here, { currentPassword: seeded, newPassword: 'short' });
		expect(short.status).toBe(400);
		expect(await code(short)).toBe('invalid_request');
		expect(await code(await change(here, { currentPassword: seeded, newPassword: seeded }))).toBe('same_password');
		expect((await who(elsewhere)).status).toBe(200);

		const changed = await change(here, { currentPassword: seeded, newPassword: 'a new long password' });
		expect(changed.status).toBe(200);
		expect(((await changed.json()) as { endedSessions: number }).endedSessions).toBe(1);
		expect((await who(here)).status).toBe(200);
		expect((await who(elsewhere)).status).toBe(401);
		expect((await signIn('operator@las-condes', seeded)).status).toBe(401);
		expect((await signIn('operator@las-condes', 'a new long password')).status).toBe(200);
	});

	it('is for staff only: residents have no password', async () => {
		const account = await resident(own);
		const response = await change(account.token, { currentPassword: 'anything', newPassword: 'a new long password' });
		expect(response.status).toBe(403);
		expect((await fetch(`${own.url}/api/auth/password`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
	});
});
