/**
 * The panic button's states, as a pure function of events and time, so that the rules that keep it
 * from firing in a pocket are tested without a browser.
 *
 * idle ──press──▶ holding ──(held for holdMs)──▶ countdown ──(countdownMs)──▶ fired
 *   │               └──release early──▶ idle (with a hint to keep holding)
 *   └──activate (assistive tech click, no hold)──▶ confirm ──confirm──▶ countdown
 * countdown and confirm ──cancel──▶ cancelled;  fired/cancelled ──reset──▶ idle
 */
export interface PanicTiming {
	/** How long the button must be held. */
	holdMs: number;
	/** How long the visible countdown lasts before the alert goes. */
	countdownMs: number;
}

export const defaultTiming: PanicTiming = { holdMs: 2000, countdownMs: 5000 };

export type PanicState =
	| { phase: 'idle'; hint: 'none' | 'hold-longer' }
	| { phase: 'holding'; since: number }
	| { phase: 'confirm' }
	| { phase: 'countdown'; endsAt: number; stillHeld: boolean }
	| { phase: 'fired'; at: number }
	| { phase: 'cancelled' };

export type PanicEvent =
	| { type: 'press'; at: number }
	| { type: 'release'; at: number }
	| { type: 'tick'; at: number }
	/** A click that did not come from a hold: a screen reader's double-tap, switch access, voice control. */
	| { type: 'activate' }
	| { type: 'confirm'; at: number }
	| { type: 'cancel' }
	| { type: 'reset' };

export const initialPanicState: PanicState = { phase: 'idle', hint: 'none' };

export function panicStep(state: PanicState, event: PanicEvent, timing: PanicTiming = defaultTiming): PanicState {
	switch (event.type) {
		case 'press':
			return state.phase === 'idle' ? { phase: 'holding', since: event.at } : state;
		case 'release':
			if (state.phase === 'holding') {
				return event.at - state.since >= timing.holdMs
					? { phase: 'countdown', endsAt: state.since + timing.holdMs + timing.countdownMs, stillHeld: false }
					: { phase: 'idle', hint: 'hold-longer' };
			}
			if (state.phase === 'countdown' && state.stillHeld) return { ...state, stillHeld: false };
			return state;
		case 'tick':
			if (state.phase === 'holding' && event.at - state.since >= timing.holdMs) {
				const endsAt = state.since + timing.holdMs + timing.countdownMs;
				return event.at >= endsAt ? { phase: 'fired', at: event.at } : { phase: 'countdown', endsAt, stillHeld: true };
			}
			if (state.phase === 'countdown' && event.at >= state.endsAt) return { phase: 'fired', at: event.at };
			return state;
		case 'activate':
			return state.phase === 'idle' ? { phase: 'confirm' } : state;
		case 'confirm':
			return state.phase === 'confirm' ? { phase: 'countdown', endsAt: event.at + timing.countdownMs, stillHeld: false } : state;
		case 'cancel':
			return state.phase === 'countdown' || state.phase === 'confirm' || state.phase === 'holding' ? { phase: 'cancelled' } : state;
		case 'reset':
			return initialPanicState;
	}
}

/** 0…1: how far the hold has got, for the ring that fills while the button is held. */
export function holdProgress(state: PanicState, now: number, timing: PanicTiming = defaultTiming): number {
	if (state.phase !== 'holding') return state.phase === 'countdown' || state.phase === 'fired' ? 1 : 0;
	return Math.min(1, Math.max(0, (now - state.since) / timing.holdMs));
}

/** Whole seconds left on the countdown, rounded up so it reads 5, 4, 3, 2, 1. */
export function secondsLeft(state: PanicState, now: number): number {
	return state.phase === 'countdown' ? Math.max(0, Math.ceil((state.endsAt - now) / 1000)) : 0;
}
