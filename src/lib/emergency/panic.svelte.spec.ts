import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PanicAlert } from './alert.ts';
import { PanicController, type PanicDeps } from './panic.svelte.ts';

afterEach(() => vi.useRealTimers());

const here = { latitude: -33.4255, longitude: -70.6128, accuracy: 10 };

function setup(over: Partial<PanicDeps> = {}) {
	let clock = 0;
	const delivered: PanicAlert[] = [];
	const controller = new PanicController({
		isPractice: () => false,
		locate: async () => ({ ok: true, location: here }),
		deliver: async (a) => (delivered.push(a), true),
		homeMunicipalityId: () => 'providencia',
		now: () => clock,
		newId: () => '00000000-0000-4000-8000-000000000001',
		timing: { holdMs: 2000, countdownMs: 5000 },
		...over
	});
	const at = (ms: number) => {
		clock = ms;
		controller.tick();
	};
	return { controller, delivered, at };
}

describe('PanicController', () => {
	it('hold, countdown, then the alert goes with the position and the time of the end of the countdown', async () => {
		const { controller, delivered, at } = setup();
		controller.press();
		at(1000);
		expect(controller.progress).toBe(0.5);
		at(2000);
		controller.release();
		expect(controller.state.phase).toBe('countdown');
		expect(controller.secondsLeft).toBe(5);
		at(7000);
		await vi.waitFor(() => expect(controller.outcome).not.toBeNull());
		expect(delivered).toEqual([
			{ id: '00000000-0000-4000-8000-000000000001', claimedAt: new Date(7000).toISOString(), location: here, homeMunicipalityId: 'providencia' }
		]);
		await vi.waitFor(() => expect(controller.outcome).toMatchObject({ mode: 'real', delivery: 'sent', location: here }));
		controller.dispose();
	});

	it('cancelling in the countdown delivers nothing and looks for no position', async () => {
		const locate = vi.fn(async () => ({ ok: true as const, location: here }));
		const { controller, delivered, at } = setup({ locate });
		controller.press();
		at(2500);
		controller.cancel();
		at(20_000);
		await Promise.resolve();
		expect(controller.state.phase).toBe('cancelled');
		expect(controller.outcome).toBeNull();
		expect(delivered).toEqual([]);
		expect(locate).not.toHaveBeenCalled();
	});

	it('in practice goes through every step and delivers nothing', async () => {
		const { controller, delivered, at } = setup({ isPractice: () => true });
		controller.press();
		at(2000);
		at(7000);
		await vi.waitFor(() => expect(controller.outcome).not.toBeNull());
		expect(controller.outcome).toMatchObject({ mode: 'practice', location: here });
		expect(delivered).toEqual([]);
	});

	it('without a position the alert still goes, saying why', async () => {
		const { controller, delivered, at } = setup({ locate: async () => ({ ok: false, reason: 'denied' }) });
		controller.activate();
		controller.confirm();
		at(5000);
		await vi.waitFor(() => expect(controller.outcome).not.toBeNull());
		expect(delivered[0]?.location).toBeNull();
		expect(controller.outcome).toMatchObject({ mode: 'real', locationProblem: 'denied' });
	});

	it('offers the text message before the network answers', async () => {
		let answer: (ok: boolean) => void = () => undefined;
		const { controller, at } = setup({ deliver: () => new Promise<boolean>((done) => (answer = done)) });
		controller.press();
		at(7000);
		await vi.waitFor(() => expect(controller.outcome).toMatchObject({ mode: 'real', delivery: 'sending', location: here }));
		answer(true);
		await vi.waitFor(() => expect(controller.outcome).toMatchObject({ delivery: 'sent' }));
	});

	it('reports an alert that could not be delivered now (it waits on the device)', async () => {
		const { controller, at } = setup({ deliver: async () => false });
		controller.press();
		at(7000);
		await vi.waitFor(() => expect(controller.outcome).toMatchObject({ mode: 'real', delivery: 'queued' }));
	});

	it('runs its own clock while held', async () => {
		vi.useFakeTimers();
		const controller = new PanicController({
			isPractice: () => true,
			locate: async () => ({ ok: false, reason: 'unsupported' }),
			deliver: async () => true,
			homeMunicipalityId: () => null,
			timing: { holdMs: 2000, countdownMs: 5000 }
		});
		controller.press();
		vi.advanceTimersByTime(2100);
		expect(controller.state.phase).toBe('countdown');
		vi.advanceTimersByTime(5000);
		expect(controller.state.phase).toBe('fired');
		await vi.waitFor(() => expect(controller.outcome?.mode).toBe('practice'));
		controller.dispose();
	});
});
