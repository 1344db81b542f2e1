import { afterEach, describe, expect, it, vi } from 'vitest';
import { Connectivity } from './connectivity.svelte.ts';

describe('Connectivity', () => {
	afterEach(() => vi.unstubAllGlobals());

	it('follows the online and offline events until stopped', () => {
		let onLine = true;
		vi.stubGlobal('navigator', {
			get onLine() {
				return onLine;
			}
		});
		const target = new EventTarget();
		const state = new Connectivity();
		const stop = state.start(target as unknown as Window);
		expect(state.online).toBe(true);

		onLine = false;
		target.dispatchEvent(new Event('offline'));
		expect(state.online).toBe(false);

		onLine = true;
		target.dispatchEvent(new Event('online'));
		expect(state.online).toBe(true);

		stop();
		onLine = false;
		target.dispatchEvent(new Event('offline'));
		expect(state.online).toBe(true);
	});
});
