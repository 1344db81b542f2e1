import { describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '$lib/storage/key-value.ts';
import { PracticeMode } from './practice.svelte.ts';

describe('PracticeMode', () => {
	it('a new resident starts in practice', async () => {
		const mode = new PracticeMode(new MemoryKeyValueStore());
		expect(mode.enabled).toBe(true);
		await mode.load();
		expect(mode.enabled).toBe(true);
		expect(mode.loaded).toBe(true);
	});

	it('remembers turning practice off, and on again', async () => {
		const store = new MemoryKeyValueStore();
		await new PracticeMode(store).set(false);
		const later = new PracticeMode(store);
		await later.load();
		expect(later.enabled).toBe(false);
		await later.set(true);
		const again = new PracticeMode(store);
		await again.load();
		expect(again.enabled).toBe(true);
	});

	it('stays in practice when storage cannot be read', async () => {
		const broken = { get: () => Promise.reject(new Error('x')), set: () => Promise.reject(new Error('x')), delete: () => Promise.resolve() };
		const mode = new PracticeMode(broken);
		await mode.load();
		expect(mode.enabled).toBe(true);
	});
});
