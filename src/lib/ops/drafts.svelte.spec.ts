import { describe, expect, it } from 'vitest';
import { Drafts } from './drafts.svelte.ts';

function memoryStorage() {
	const map = new Map<string, string>();
	return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k), map };
}

describe('drafts', () => {
	it('keeps what is typed across a new page (a new store on the same storage) until cleared', () => {
		const storage = memoryStorage();
		new Drafts(storage).set('note:i1', 'Vecino llamó de nuevo');
		const again = new Drafts(storage);
		expect(again.get('note:i1')).toBe('Vecino llamó de nuevo');
		expect(again.get('note:i2')).toBe('');
		again.clear('note:i1');
		expect(new Drafts(storage).get('note:i1')).toBe('');
		expect(storage.map.size).toBe(0);
	});

	it('still works in memory when storage throws', () => {
		const broken = { getItem: () => { throw new Error('blocked'); }, setItem: () => { throw new Error('full'); }, removeItem: () => undefined };
		const drafts = new Drafts(broken);
		drafts.set('k', 'texto');
		expect(drafts.get('k')).toBe('texto');
	});
});
