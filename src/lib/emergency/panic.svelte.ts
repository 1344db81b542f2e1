import { defaultTiming, holdProgress, initialPanicState, panicStep, secondsLeft, type PanicEvent, type PanicState, type PanicTiming } from './panic-machine.ts';
import type { PanicAlert, PanicLocation } from './alert.ts';
import type { LocateResult } from './location.ts';

/** What happened after the countdown, for the screen to explain. */
export type PanicOutcome =
	| { mode: 'practice'; at: string; location: PanicLocation | null; locationProblem: string | null }
	| {
			mode: 'real';
			at: string;
			location: PanicLocation | null;
			locationProblem: string | null;
			/** The alert to the municipality: on its way, received, or waiting on the device for a network. */
			delivery: 'sending' | 'sent' | 'queued';
			alertId: string;
	  };

export interface PanicDeps {
	/** Whether practice mode is on, read when the alert would go. */
	isPractice: () => boolean;
	locate: () => Promise<LocateResult>;
	/** Keeps the alert on the device and tries to send it; resolves to whether the server has it now. */
	deliver: (alert: PanicAlert) => Promise<boolean>;
	homeMunicipalityId: () => string | null;
	now?: () => number;
	newId?: () => string;
	timing?: PanicTiming;
}

/**
 * Runs the panic button: the hold, the countdown, and then — unless practice is on — the alert.
 * The rules live in panic-machine.ts; this class adds the clock and the side effects.
 */
/** Epoch milliseconds as an ISO-8601 string. */
const isoAt = (ms: number): string => new Date(ms).toISOString();

export class PanicController {
	state = $state<PanicState>(initialPanicState);
	/** The clock as of the last tick, so progress and countdown re-render. */
	now = $state(0);
	/** Between the end of the countdown and the outcome: finding the position, sending. */
	working = $state(false);
	outcome = $state<PanicOutcome | null>(null);
	readonly #deps: PanicDeps;
	readonly #timing: PanicTiming;
	readonly #clock: () => number;
	#timer: ReturnType<typeof setInterval> | undefined;

	constructor(deps: PanicDeps) {
		this.#deps = deps;
		this.#timing = deps.timing ?? defaultTiming;
		this.#clock = deps.now ?? Date.now;
		this.now = this.#clock();
	}

	get progress(): number {
		return holdProgress(this.state, this.now, this.#timing);
	}

	get secondsLeft(): number {
		return secondsLeft(this.state, this.now);
	}

	get timing(): PanicTiming {
		return this.#timing;
	}

	press = () => this.#send({ type: 'press', at: this.#clock() });
	release = () => this.#send({ type: 'release', at: this.#clock() });
	activate = () => this.#send({ type: 'activate' });
	confirm = () => this.#send({ type: 'confirm', at: this.#clock() });
	cancel = () => this.#send({ type: 'cancel' });
	reset = () => {
		this.outcome = null;
		this.#send({ type: 'reset' });
	};
	/** Advances the clock; called by the ticker, and by tests. */
	tick = () => this.#send({ type: 'tick', at: this.#clock() });

	dispose(): void {
		clearInterval(this.#timer);
	}

	#send(event: PanicEvent): void {
		const before = this.state;
		this.now = this.#clock();
		this.state = panicStep(before, event, this.#timing);
		const running = this.state.phase === 'holding' || this.state.phase === 'countdown';
		if (running && !this.#timer) this.#timer = setInterval(this.tick, 100);
		if (!running && this.#timer) {
			clearInterval(this.#timer);
			this.#timer = undefined;
		}
		if (this.state.phase === 'fired' && before.phase !== 'fired') void this.#fire(isoAt(this.state.at));
	}

	async #fire(at: string): Promise<void> {
		this.working = true;
		const practice = this.#deps.isPractice();
		const position = await this.#deps.locate();
		const location = position.ok ? position.location : null;
		const locationProblem = position.ok ? null : position.reason;
		if (practice) {
			this.outcome = { mode: 'practice', at, location, locationProblem };
		} else {
			const alert: PanicAlert = {
				id: this.#deps.newId?.() ?? crypto.randomUUID(),
				claimedAt: at,
				location,
				homeMunicipalityId: this.#deps.homeMunicipalityId()
			};
			// The text message and the call are offered at once; the network is never waited for.
			this.outcome = { mode: 'real', at, location, locationProblem, delivery: 'sending', alertId: alert.id };
			this.working = false;
			let delivered = false;
			try {
				delivered = await this.#deps.deliver(alert);
			} catch {
				delivered = false;
			}
			if (this.outcome?.mode === 'real' && this.outcome.alertId === alert.id) {
				this.outcome = { ...this.outcome, delivery: delivered ? 'sent' : 'queued' };
			}
			return;
		}
		this.working = false;
	}
}
