import { describe, expect, it } from 'vitest';
import type { PanicServerStatus } from './panic-machine.ts';
import { PanicTracker, type StatusCheck } from './panic-status.svelte.ts';

const status = (s: PanicServerStatus['status']): PanicServerStatus => ({ status: s, receivedAt: '2026-12-03T10:00:00.000Z', acknowledgedAt: null, dispatchedAt: null, closedAt: null });

/** A tracker with scripted answers and a manual clock: `timers` holds what it scheduled. */
function setup(answers: StatusCheck[], options: { pending?: boolean[]; delivered?: boolean } = {}) {
	const timers: { run: () => void; ms: number }[] = [];
	const asked: string[] = [];
	const pending = [...(options.pending ?? [])];
	const tracker = new PanicTracker('a1', options.delivered ?? true, {
		check: async (id) => (asked.push(id), answers.shift() ?? { kind: 'failed' }),
		isPending: async () => pending.shift() ?? false,
		setTimer: (run, ms) => (timers.push({ run, ms }), timers.length),
		clearTimer: () => undefined
	});
	const next = async () => {
		const timer = timers.shift();
		timer?.run();
		await tracker.check();
		return timer?.ms;
	};
	return { tracker, timers, asked, next };
}

describe('PanicTracker', () => {
	it('follows received → seen → dispatched → closed, then stops checking', async () => {
		const { tracker, timers, next } = setup([{ kind: 'ok', status: status('open') }, { kind: 'ok', status: status('acknowledged') }, { kind: 'ok', status: status('dispatched') }, { kind: 'ok', status: status('closed') }]);
		await tracker.check();
		expect(tracker.step).toBe('received');
		expect(await next()).toBe(3_000);
		expect(tracker.step).toBe('seen');
		await next();
		expect(tracker.step).toBe('dispatched');
		await next();
		expect(tracker.step).toBe('closed');
		expect(timers).toHaveLength(0);
	});

	it('a queued alert stays "saved" and the server is not asked until the outbox delivers it', async () => {
		const { tracker, asked, next } = setup([{ kind: 'ok', status: status('open') }], { delivered: false, pending: [true, false] });
		await tracker.check();
		expect(tracker.step).toBe('saved');
		expect(asked).toEqual([]);
		await next();
		expect(tracker.step).toBe('received');
		expect(asked).toEqual(['a1']);
	});

	it('backs off after failed checks and says it cannot tell, without taking back a step', async () => {
		const { tracker, timers, next } = setup([{ kind: 'ok', status: status('acknowledged') }, { kind: 'failed' }, { kind: 'failed' }, { kind: 'ok', status: status('acknowledged') }]);
		await tracker.check();
		await next();
		expect(tracker).toMatchObject({ step: 'seen', unsure: true });
		expect(timers[0]?.ms).toBe(6_000);
		await next();
		expect(timers[0]?.ms).toBe(12_000);
		await next();
		expect(tracker).toMatchObject({ step: 'seen', unsure: false });
		expect(timers[0]?.ms).toBe(3_000);
	});

	it('stop ends the checking (the screen closed)', async () => {
		const { tracker, timers } = setup([{ kind: 'ok', status: status('open') }]);
		tracker.stop();
		await tracker.check();
		expect(timers).toHaveLength(0);
		expect(tracker.status).toBeNull();
	});
});
