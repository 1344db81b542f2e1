import { describe, expect, it } from 'vitest';
import { createOpsApi } from './api.ts';
import { OpsSessionState } from './session.svelte.ts';

describe('the console session', () => {
	it('holds requests that met a 401 until the operator signs in again, then retries them', async () => {
		const answers = [401, 401, 200, 200];
		const fetch = (async () => {
			const status = answers.shift()!;
			return new Response(JSON.stringify(status === 200 ? { ok: true } : { error: { code: 'unauthenticated', message: 'x' } }), { status });
		}) as unknown as typeof globalThis.fetch;
		let session: OpsSessionState | null = null;
		const api = createOpsApi({ fetch, onExpired: () => session!.waitForSignIn() });
		session = new OpsSessionState(api);
		const a = api.queue('providencia');
		const b = api.incident('i1');
		await new Promise((r) => setTimeout(r, 0));
		expect(session.expired).toBe(true);
		session.renewed({ id: 'u', kind: 'staff', displayName: null, memberships: [{ municipalityId: 'providencia', role: 'operator' }] });
		expect(await a).toEqual({ ok: true });
		expect(await b).toEqual({ ok: true });
		expect(session.expired).toBe(false);
		expect(session.municipalities).toEqual(['providencia']);
	});

	it('lets waiting requests fail when the operator gives up', async () => {
		const fetch = (async () => new Response('{}', { status: 401 })) as unknown as typeof globalThis.fetch;
		let session: OpsSessionState | null = null;
		const api = createOpsApi({ fetch, onExpired: () => session!.waitForSignIn() });
		session = new OpsSessionState(api);
		const a = api.queue('providencia').catch((e: unknown) => e);
		await new Promise((r) => setTimeout(r, 0));
		session.abandon();
		expect(await a).toMatchObject({ status: 401 });
	});
});
