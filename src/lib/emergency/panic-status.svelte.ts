import type { PanicStatus } from '$lib/ops/contract.ts';
import { panicPollDelay, panicStepOf, type PanicServerStatus, type PanicStepName } from './panic-machine.ts';

/** One status check: the server's answer, `missing` (it does not have the alert yet) or `failed` (no answer, or a refusal). */
export type StatusCheck = { kind: 'ok'; status: PanicServerStatus } | { kind: 'missing' } | { kind: 'failed' };

/** `GET /api/panic/:id/status`, never throwing. */
export async function fetchPanicStatus(id: string): Promise<StatusCheck> {
	try {
		const response = await fetch(`/api/panic/${encodeURIComponent(id)}/status`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
		if (response.status === 404) return { kind: 'missing' };
		if (!response.ok) return { kind: 'failed' };
		const body = (await response.json()) as PanicStatus;
		return typeof body?.status === 'string' ? { kind: 'ok', status: body } : { kind: 'failed' };
	} catch {
		return { kind: 'failed' };
	}
}

export interface PanicTrackerDeps {
	check: (id: string) => Promise<StatusCheck>;
	/** Whether the alert still waits on the device (the panic outbox). */
	isPending: (id: string) => Promise<boolean>;
	setTimer?: (run: () => void, ms: number) => unknown;
	clearTimer?: (timer: unknown) => void;
}

/**
 * Follows one alert while the panic screen is open: whether the outbox has delivered it, and what
 * the server says of it, checked every few seconds with backoff after failures, until it is closed
 * or the screen closes (`stop`). The rules are panic-machine.ts's; this adds the clock and the calls.
 */
export class PanicTracker {
	step = $state<PanicStepName>('saved');
	status = $state.raw<PanicServerStatus | null>(null);
	/** The last check failed: the screen says it cannot tell more right now. */
	unsure = $state(false);
	readonly #deps: PanicTrackerDeps;
	#delivered = false;
	#failures = 0;
	#timer: unknown = null;
	#stopped = false;
	#checking: Promise<void> | null = null;

	constructor(
		readonly alertId: string,
		delivered: boolean,
		deps: PanicTrackerDeps
	) {
		this.#deps = deps;
		this.#delivered = delivered;
		this.step = panicStepOf(delivered, null);
	}

	/** Checks now, then keeps checking. */
	start(): void {
		void this.check();
	}

	/** The outbox delivered the alert (or may have): check at once instead of waiting for the next round. */
	delivered(): void {
		this.#delivered = true;
		this.step = panicStepOf(true, this.status, this.step);
		void this.check();
	}

	/** One round of checking (concurrent calls share it), then the next is scheduled. */
	check(): Promise<void> {
		return (this.#checking ??= this.#round().finally(() => (this.#checking = null)));
	}

	stop(): void {
		this.#stopped = true;
		this.#clear();
	}

	async #round(): Promise<void> {
		if (this.#stopped) return;
		this.#clear();
		if (!this.#delivered) this.#delivered = !(await this.#deps.isPending(this.alertId).catch(() => true));
		// Before delivery the server cannot know the alert: ask only once it may.
		const result: StatusCheck = this.#delivered ? await this.#deps.check(this.alertId) : { kind: 'missing' };
		if (this.#stopped) return;
		if (result.kind === 'ok') {
			this.status = result.status;
			this.#delivered = true;
		}
		this.unsure = result.kind === 'failed';
		this.#failures = result.kind === 'failed' ? this.#failures + 1 : 0;
		this.step = panicStepOf(this.#delivered, this.status, this.step);
		const delay = panicPollDelay(this.step, this.#failures);
		if (delay !== null) this.#timer = (this.#deps.setTimer ?? setTimeout)(() => void this.check(), delay);
	}

	#clear(): void {
		if (this.#timer !== null) (this.#deps.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>)))(this.#timer);
		this.#timer = null;
	}
}
