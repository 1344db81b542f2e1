import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PanicAlert } from './alert.ts';
import type { SendOutcome } from '$lib/outbox/outcome.ts';
import { PanicOutbox, postAlert, type OutboxEntry, type OutboxStore } from './outbox.svelte.ts';

class MemoryOutbox implements OutboxStore {
	map = new Map<string, OutboxEntry>();
	async all() {
		return [...this.map.values()].map((e) => structuredClone(e));
	}
	async put(e: OutboxEntry) {
		this.map.set(e.id, structuredClone(e));
	}
	async delete(id: string) {
		this.map.delete(id);
	}
}

const alert = (n: number): PanicAlert => ({
	id: `00000000-0000-4000-8000-00000000000${n}`,
	claimedAt: `2026-11-21T10:0${n}:00.000Z`,
	location: { latitude: -33.43, longitude: -70.61, accuracy: 12 },
	homeMunicipalityId: null
});

afterEach(() => vi.useRealTimers());

describe('PanicOutbox', () => {
	it('keeps an alert while offline and sends it, unchanged, when the network returns', async () => {
		vi.useFakeTimers();
		let online = false;
		const sent: PanicAlert[] = [];
		const send = async (a: PanicAlert): Promise<SendOutcome> => (online ? (sent.push(a), 'sent') : 'retry');
		const store = new MemoryOutbox();
		let now = 1_000;
		const outbox = new PanicOutbox(store, send, { now: () => now, backoff: { firstMs: 1000, maxMs: 8000 } });

		await outbox.enqueue(alert(1));
		expect(outbox.pending).toBe(1);
		const waiting = (await store.all())[0]!;
		expect(waiting.attempts).toBe(1);
		expect(waiting.nextAttemptAt).toBeGreaterThan(now);

		// Not due yet: a plain flush leaves it alone.
		online = true;
		await outbox.flush();
		expect(sent).toEqual([]);

		now += 10_000;
		await outbox.flush();
		expect(sent).toEqual([alert(1)]);
		expect(outbox.pending).toBe(0);
		expect(await store.all()).toEqual([]);
	});

	it('the online event sends at once, oldest first', async () => {
		const sent: string[] = [];
		let online = false;
		const store = new MemoryOutbox();
		const outbox = new PanicOutbox(store, async (a) => (online ? (sent.push(a.claimedAt), 'sent') : 'retry'), { now: () => 0 });
		await outbox.enqueue(alert(2));
		await outbox.enqueue(alert(1));
		const target = new EventTarget();
		const stop = outbox.start(target as unknown as Window);
		online = true;
		target.dispatchEvent(new Event('online'));
		await vi.waitFor(() => expect(sent).toEqual([alert(1).claimedAt, alert(2).claimedAt]));
		stop();
	});

	it('drops an alert the server refuses as malformed and counts it', async () => {
		const store = new MemoryOutbox();
		const outbox = new PanicOutbox(store, async () => 'refused');
		await outbox.enqueue(alert(1));
		expect(outbox.pending).toBe(0);
		expect(outbox.rejected).toBe(1);
	});

	it('backs off further after each failure', async () => {
		const store = new MemoryOutbox();
		let now = 0;
		const outbox = new PanicOutbox(store, async () => 'retry', { now: () => now, backoff: { firstMs: 1000, maxMs: 100_000 } });
		await outbox.enqueue(alert(1));
		const first = (await store.all())[0]!.nextAttemptAt;
		now = first;
		await outbox.flush();
		const second = (await store.all())[0]!;
		expect(second.attempts).toBe(2);
		expect(second.nextAttemptAt - now).toBeGreaterThan(first);
	});
});

describe('postAlert', () => {
	it('posts the alert as JSON and sorts the answer; a network error is a retry', async () => {
		const calls: [string, RequestInit][] = [];
		const answer = (status: number) => async (url: string, init: RequestInit) => (calls.push([url, init]), new Response('{}', { status }));
		vi.stubGlobal('fetch', answer(201));
		expect(await postAlert(alert(1))).toBe('sent');
		expect(calls[0]?.[0]).toBe('/api/panic');
		expect(JSON.parse(String(calls[0]?.[1].body))).toEqual(alert(1));
		vi.stubGlobal('fetch', answer(400));
		expect(await postAlert(alert(1))).toBe('refused');
		vi.stubGlobal('fetch', answer(503));
		expect(await postAlert(alert(1))).toBe('retry');
		vi.stubGlobal('fetch', async () => {
			throw new TypeError('Failed to fetch');
		});
		expect(await postAlert(alert(1))).toBe('retry');
		vi.unstubAllGlobals();
	});
});
