import { describe, expect, it } from 'vitest';
import { PwaUpdate, type UpdateSource } from './update.svelte.ts';

class FakeWorkbox implements UpdateSource {
	listeners = new Map<string, ((event: { isUpdate?: boolean }) => void)[]>();
	skipped = 0;
	updates = 0;
	addEventListener(type: string, listener: (event: { isUpdate?: boolean }) => void) {
		this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
	}
	emit(type: string, event: { isUpdate?: boolean } = {}) {
		for (const l of this.listeners.get(type) ?? []) l(event);
	}
	async register() {}
	async update() {
		this.updates++;
	}
	messageSkipWaiting() {
		this.skipped++;
	}
}

describe('PwaUpdate', () => {
	it('reports offline readiness only for the first install', async () => {
		const wb = new FakeWorkbox();
		const state = new PwaUpdate(() => {});
		await state.start(wb);
		wb.emit('activated', { isUpdate: true });
		expect(state.offlineReady).toBe(false);
		wb.emit('activated', { isUpdate: false });
		expect(state.offlineReady).toBe(true);
	});

	it('never reloads until the person applies a waiting update', async () => {
		const wb = new FakeWorkbox();
		let reloads = 0;
		const state = new PwaUpdate(() => reloads++);
		await state.start(wb);

		state.apply();
		expect(wb.skipped).toBe(0);

		wb.emit('waiting');
		expect(state.updateReady).toBe(true);
		wb.emit('controlling');
		expect(reloads).toBe(0);

		state.apply();
		expect(wb.skipped).toBe(1);
		wb.emit('controlling');
		expect(reloads).toBe(1);
	});

	it('can be dismissed and checks for updates on request', async () => {
		const wb = new FakeWorkbox();
		const state = new PwaUpdate(() => {});
		await state.start(wb);
		wb.emit('waiting');
		state.dismiss();
		expect(state.updateReady).toBe(false);
		await state.check();
		expect(wb.updates).toBe(1);
	});
});
