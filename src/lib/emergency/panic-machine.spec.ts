import { describe, expect, it } from 'vitest';
import { holdProgress, initialPanicState, panicPollDelay, panicStep, panicStepOf, panicStepTimes, secondsLeft, type PanicEvent, type PanicServerStatus, type PanicState } from './panic-machine.ts';

const timing = { holdMs: 2000, countdownMs: 5000 };
const run = (events: PanicEvent[], from: PanicState = initialPanicState) => events.reduce((s, e) => panicStep(s, e, timing), from);

describe('panicStep', () => {
	it('a short press does not start anything and asks to hold longer', () => {
		expect(run([{ type: 'press', at: 0 }, { type: 'tick', at: 1000 }, { type: 'release', at: 1500 }])).toEqual({ phase: 'idle', hint: 'hold-longer' });
	});

	it('holding long enough starts the countdown; releasing then does not stop it', () => {
		const counting = run([{ type: 'press', at: 0 }, { type: 'tick', at: 2000 }]);
		expect(counting).toEqual({ phase: 'countdown', endsAt: 7000, stillHeld: true });
		expect(run([{ type: 'release', at: 2500 }], counting)).toEqual({ phase: 'countdown', endsAt: 7000, stillHeld: false });
	});

	it('fires when the countdown ends, not before', () => {
		const counting = run([{ type: 'press', at: 0 }, { type: 'tick', at: 2100 }, { type: 'release', at: 2200 }]);
		expect(run([{ type: 'tick', at: 6999 }], counting).phase).toBe('countdown');
		expect(run([{ type: 'tick', at: 7000 }], counting)).toEqual({ phase: 'fired', at: 7000 });
	});

	it('a release that arrives after the hold time without a tick still starts the countdown', () => {
		expect(run([{ type: 'press', at: 0 }, { type: 'release', at: 2500 }])).toEqual({ phase: 'countdown', endsAt: 7000, stillHeld: false });
	});

	it('a late tick (a sleeping tab) can fire straight from holding', () => {
		expect(run([{ type: 'press', at: 0 }, { type: 'tick', at: 9000 }])).toEqual({ phase: 'fired', at: 9000 });
	});

	it('cancelling during the countdown ends it and nothing fires afterwards', () => {
		const cancelled = run([{ type: 'press', at: 0 }, { type: 'tick', at: 2000 }, { type: 'cancel' }, { type: 'tick', at: 10_000 }]);
		expect(cancelled).toEqual({ phase: 'cancelled' });
	});

	it('an activation without a hold asks for confirmation, which starts the countdown', () => {
		const confirming = run([{ type: 'activate' }]);
		expect(confirming).toEqual({ phase: 'confirm' });
		expect(run([{ type: 'tick', at: 60_000 }], confirming).phase).toBe('confirm');
		expect(run([{ type: 'confirm', at: 100 }], confirming)).toEqual({ phase: 'countdown', endsAt: 5100, stillHeld: false });
		expect(run([{ type: 'cancel' }], confirming)).toEqual({ phase: 'cancelled' });
	});

	it('ignores presses and activations while a countdown runs, and resets to idle', () => {
		const counting = run([{ type: 'press', at: 0 }, { type: 'tick', at: 2000 }]);
		expect(run([{ type: 'press', at: 3000 }, { type: 'activate' }], counting)).toEqual(counting);
		expect(run([{ type: 'reset' }], { phase: 'fired', at: 1 })).toEqual(initialPanicState);
	});
});

describe('holdProgress and secondsLeft', () => {
	it('report the ring and the countdown', () => {
		expect(holdProgress({ phase: 'holding', since: 0 }, 500, timing)).toBe(0.25);
		expect(holdProgress(initialPanicState, 500, timing)).toBe(0);
		const counting: PanicState = { phase: 'countdown', endsAt: 7000, stillHeld: false };
		expect(secondsLeft(counting, 2000)).toBe(5);
		expect(secondsLeft(counting, 6001)).toBe(1);
		expect(secondsLeft(counting, 8000)).toBe(0);
	});
});

describe('after the alert: what the screen may say', () => {
	const status = (s: PanicServerStatus['status']): PanicServerStatus => ({
		status: s,
		receivedAt: '2026-12-03T10:00:00.000Z',
		acknowledgedAt: s === 'open' ? null : '2026-12-03T10:01:00.000Z',
		dispatchedAt: s === 'dispatched' || s === 'closed' ? '2026-12-03T10:03:00.000Z' : null,
		closedAt: s === 'closed' ? '2026-12-03T10:30:00.000Z' : null
	});

	it('a queued alert is only saved on the phone; delivered, the server has it; nothing about operators until the server says so', () => {
		expect(panicStepOf(false, null)).toBe('saved');
		expect(panicStepOf(true, null)).toBe('received');
		expect(panicStepOf(true, status('open'))).toBe('received');
	});

	it('maps each server status to its step', () => {
		expect(panicStepOf(true, status('acknowledged'))).toBe('seen');
		expect(panicStepOf(true, status('dispatched'))).toBe('dispatched');
		expect(panicStepOf(true, status('closed'))).toBe('closed');
		// The server answering means it has the alert, even before the outbox says it delivered it.
		expect(panicStepOf(false, status('open'))).toBe('received');
	});

	it('never takes back a step already shown', () => {
		expect(panicStepOf(false, null, 'seen')).toBe('seen');
		expect(panicStepOf(true, status('open'), 'dispatched')).toBe('dispatched');
	});

	it('tells the time of each step the server knows', () => {
		expect(panicStepTimes('2026-12-03T09:59:59.000Z', status('dispatched'))).toEqual({
			saved: '2026-12-03T09:59:59.000Z',
			received: '2026-12-03T10:00:00.000Z',
			seen: '2026-12-03T10:01:00.000Z',
			dispatched: '2026-12-03T10:03:00.000Z',
			closed: null
		});
		expect(panicStepTimes('t', null)).toMatchObject({ received: null, seen: null });
	});

	it('checks every few seconds, backs off after failures up to a minute, and stops once closed', () => {
		expect(panicPollDelay('received', 0)).toBe(3_000);
		expect(panicPollDelay('seen', 2)).toBe(12_000);
		expect(panicPollDelay('dispatched', 10)).toBe(60_000);
		expect(panicPollDelay('closed', 0)).toBeNull();
	});
});
