import type { PanicStatus } from '$lib/ops/contract.ts';
import { retryDelay } from '$lib/outbox/backoff.ts';

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

/**
 * After the alert: what the panic screen may say, in order. It never says more than happened:
 * `saved` (on this phone, not yet on the server), `received` (the server has it), `seen` (an
 * operator acknowledged it), `dispatched` (help is on its way), `closed`.
 */
export const panicSteps = ['saved', 'received', 'seen', 'dispatched', 'closed'] as const;
export type PanicStepName = (typeof panicSteps)[number];

/** What the server says of the alert (`GET /api/panic/:id/status`). */
export type PanicServerStatus = Omit<PanicStatus, 'id'>;

const serverStep: Record<PanicServerStatus['status'], PanicStepName> = { open: 'received', acknowledged: 'seen', dispatched: 'dispatched', closed: 'closed' };

/**
 * The step the screen shows: the server's status when it answered, else whether the alert was
 * delivered. Never goes back (`shown`: the step already shown), so a failed or stale check does
 * not take back what the resident read.
 */
export function panicStepOf(delivered: boolean, status: PanicServerStatus | null, shown: PanicStepName = 'saved'): PanicStepName {
	const now = status ? serverStep[status.status] : delivered ? 'received' : 'saved';
	return panicSteps.indexOf(now) >= panicSteps.indexOf(shown) ? now : shown;
}

/** When each step happened, as far as the device knows (ISO), for the screen to tell. */
export function panicStepTimes(savedAt: string, status: PanicServerStatus | null): Record<PanicStepName, string | null> {
	return {
		saved: savedAt,
		received: status?.receivedAt ?? null,
		seen: status?.acknowledgedAt ?? null,
		dispatched: status?.dispatchedAt ?? null,
		closed: status?.closedAt ?? null
	};
}

export const PANIC_POLL = { everyMs: 3_000, maxMs: 60_000 };

/**
 * The wait before the next status check: every few seconds while things go well, doubling after
 * each failed check up to a minute (the outboxes' one doubling, `retryDelay`, without its ±20 %
 * spread, as the checks always were); null once the alert is closed (nothing more will happen).
 */
export function panicPollDelay(step: PanicStepName, failures: number, poll = PANIC_POLL): number | null {
	if (step === 'closed') return null;
	return retryDelay(Math.max(0, failures) + 1, { firstMs: poll.everyMs, maxMs: poll.maxMs }, () => 0.5);
}
