import { describe, expect, it } from 'vitest';
import { holdProgress, initialPanicState, panicStep, secondsLeft, type PanicEvent, type PanicState } from './panic-machine.ts';

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
