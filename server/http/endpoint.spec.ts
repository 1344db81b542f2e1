import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Principal } from '../auth/principal.ts';
import { createLogger } from '../log.ts';
import { createApi } from './api.ts';
import { endpoint, reply } from './endpoint.ts';
import { MemoryRateLimitStore, perWindow } from './rate-limit.ts';
import { Refusal } from './refusal.ts';
import { createHttpServer } from './server.ts';

/** The people this server knows, by bearer token: the layer asks only "who is behind this request?". */
const people: Record<string, Principal> = {
	resident: { userId: 'r1', kind: 'resident', displayName: null, memberships: [], sessionHash: 'h-r1', expiresAt: Date.now() + 3600_000 },
	operator: { userId: 'o1', kind: 'staff', displayName: null, memberships: [{ municipalityId: 'providencia', role: 'operator' }], sessionHash: 'h-o1', expiresAt: Date.now() + 3600_000 },
	admin: { userId: 'a1', kind: 'staff', displayName: null, memberships: [{ municipalityId: 'providencia', role: 'admin' }], sessionHash: 'h-a1', expiresAt: Date.now() + 3600_000 },
	organisation: { userId: 'j1', kind: 'staff', displayName: 'Junta 12', memberships: [{ municipalityId: 'providencia', role: 'organisation' }], sessionHash: 'h-j1', expiresAt: Date.now() + 3600_000 }
};

const notes = perWindow('spec notes per person', 2, 3600);
const endpoints = [
	endpoint({
		method: 'POST',
		path: '/api/notes/:municipality',
		who: 'admin',
		body: z.object({ text: z.string().min(3) }),
		bodyLimit: 100,
		municipality: ({ params }) => params.municipality ?? '',
		forbidden: (m) => `Only an admin of ${m ?? 'a municipality'} writes notes.`,
		limit: { rules: [{ rule: notes, key: (c) => c.principal.userId }], message: (s) => `Too many notes: wait ${s} s.` },
		handle: ({ body, params, principal }) => reply(201, { text: body.text, municipality: params.municipality, by: principal.userId })
	}),
	endpoint({
		method: 'PUT',
		path: '/api/staff-only',
		who: 'staff',
		forbidden: 'Staff only.',
		query: z.object({ n: z.coerce.number().int() }),
		invalid: { query: { code: 'bad_n', message: 'Say ?n=<integer>.' } },
		handle: ({ query }) => {
			if (query.n === 0) throw new Refusal(409, 'zero', 'Not zero.', { 'x-why': 'zero' });
			if (query.n < 0) throw new Error('a bug');
			return reply(204);
		}
	}),
	...(['operator', 'on-behalf'] as const).map((who) =>
		endpoint({ method: 'GET', path: `/api/${who}/:municipality`, who, municipality: ({ params }) => params.municipality ?? '', handle: () => reply(204) })
	),
	endpoint({ method: 'GET', path: '/api/who', who: 'anyone', handle: ({ principal }) => reply(200, { userId: principal?.userId ?? null }) })
];

let server: Server;
let base: string;
beforeAll(async () => {
	const api = createApi(
		{ publicUrl: 'http://cuadra.test', trustedProxies: [], principalOf: async (req) => people[(req.headers.authorization ?? '').replace('Bearer ', '')] ?? null, limits: new MemoryRateLimitStore() },
		endpoints
	);
	server = createHttpServer({ api, app: (_req, _res, next) => next(), log: createLogger('silent') });
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const call = async (method: string, path: string, options: { as?: string; body?: string; type?: string; origin?: string } = {}) => {
	const headers: Record<string, string> = { 'content-type': options.type ?? 'application/json' };
	if (options.as) headers.authorization = `Bearer ${options.as}`;
	if (options.origin) headers.origin = options.origin;
	const response = await fetch(base + path, { method, headers, body: options.body });
	const text = await response.text();
	return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as { error?: { code: string; message: string } } & Record<string, unknown>) : null };
};
const note = (text: unknown) => JSON.stringify({ text });

describe('the HTTP layer on a real server', () => {
	it('checks Origin first on every method but GET, before the session and the body', async () => {
		const refused = await call('POST', '/api/notes/providencia', { origin: 'https://evil.example', body: '{not json' });
		expect(refused).toMatchObject({ status: 403, json: { error: { code: 'cross_origin' } } });
		expect((await call('POST', '/api/notes/providencia', { origin: 'http://cuadra.test', as: 'admin', body: note('hola') })).status).toBe(201);
		expect((await call('GET', '/api/who', { origin: 'https://evil.example' })).status).toBe(200);
	});

	it('then who: a session, the kind, a role somewhere, then the role in the municipality the request names', async () => {
		expect((await call('POST', '/api/notes/providencia', { body: note('hola') })).json?.error?.code).toBe('unauthenticated');
		expect((await call('PUT', '/api/staff-only?n=1', { as: 'resident' })).json).toEqual({ error: { code: 'not_staff', message: 'Staff only.' } });
		expect((await call('POST', '/api/notes/providencia', { as: 'operator', body: note('hola') })).json).toEqual({ error: { code: 'forbidden', message: 'Only an admin of a municipality writes notes.' } });
		expect((await call('POST', '/api/notes/las-condes', { as: 'admin', body: note('hola') })).json).toEqual({ error: { code: 'forbidden', message: 'Only an admin of las-condes writes notes.' } });
		expect((await call('GET', '/api/who', { as: 'operator' })).json).toEqual({ userId: 'o1' });
	});

	it("admits a neighbourhood organisation's account to on-behalf endpoints of its municipality only, never to an operator's", async () => {
		const status = async (path: string, as: string) => (await call('GET', path, { as })).status;
		expect(await status('/api/on-behalf/providencia', 'organisation')).toBe(204);
		expect(await status('/api/on-behalf/providencia', 'operator')).toBe(204);
		expect(await status('/api/on-behalf/providencia', 'admin')).toBe(204);
		expect(await status('/api/on-behalf/las-condes', 'organisation')).toBe(403);
		expect(await status('/api/on-behalf/providencia', 'resident')).toBe(403);
		expect(await status('/api/operator/providencia', 'organisation')).toBe(403);
		expect(await status('/api/operator/providencia', 'operator')).toBe(204);
		expect((await call('POST', '/api/notes/providencia', { as: 'organisation', body: note('hola') })).status).toBe(403);
	});

	it('reads and validates the query and the body, in the one error shape', async () => {
		expect((await call('PUT', '/api/staff-only?n=x', { as: 'operator' })).json).toEqual({ error: { code: 'bad_n', message: 'Say ?n=<integer>.' } });
		expect((await call('POST', '/api/notes/providencia', { as: 'admin', type: 'text/plain', body: 'hola' })).json?.error?.code).toBe('unsupported_media_type');
		expect((await call('POST', '/api/notes/providencia', { as: 'admin', body: note('x'.repeat(200)) })).json?.error?.code).toBe('too_large');
		expect((await call('POST', '/api/notes/providencia', { as: 'admin', body: '{' })).json?.error?.code).toBe('invalid_json');
		const short = await call('POST', '/api/notes/providencia', { as: 'admin', body: note('x') });
		expect(short.status).toBe(400);
		expect(short.json?.error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/^text /) });
	});

	it('charges the rate limit only for a call that passed every check, and answers 429 with retry-after', async () => {
		const store = new MemoryRateLimitStore();
		const limited = createApi({ publicUrl: 'http://cuadra.test', trustedProxies: [], principalOf: async () => people.admin ?? null, limits: store }, endpoints);
		expect(await store.take(notes, 'a1')).toBe(0); // one of two already spent
		const local = createHttpServer({ api: limited, app: (_req, _res, next) => next(), log: createLogger('silent') });
		await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${(local.address() as AddressInfo).port}/api/notes/providencia`;
			const post = (text: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: note(text) });
			expect((await post('x')).status).toBe(400);
			expect((await post('hola')).status).toBe(201);
			const over = await post('hola');
			expect(over.status).toBe(429);
			expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
			expect((await over.json()).error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^Too many notes/) });
		} finally {
			await new Promise<void>((resolve) => local.close(() => resolve()));
		}
	});

	it('answers a Refusal with its status, code and headers, and anything else thrown with 500', async () => {
		const refused = await call('PUT', '/api/staff-only?n=0', { as: 'operator' });
		expect(refused).toMatchObject({ status: 409, json: { error: { code: 'zero', message: 'Not zero.' } } });
		expect(refused.headers.get('x-why')).toBe('zero');
		expect((await call('PUT', '/api/staff-only?n=-1', { as: 'operator' })).json?.error?.code).toBe('internal');
		expect((await call('PUT', '/api/staff-only?n=1', { as: 'operator' })).status).toBe(204);
	});

	it('answers 405 with allow for a known path, 404 for an unknown one', async () => {
		const wrong = await call('DELETE', '/api/who');
		expect(wrong.status).toBe(405);
		expect(wrong.headers.get('allow')).toBe('GET');
		expect((await call('GET', '/api/nothing')).json?.error?.code).toBe('not_found');
	});
});
