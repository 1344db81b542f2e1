import { describe, expect, it, vi } from 'vitest';
import { MemoryKeyValueStore } from '$lib/storage/key-value.ts';
import { PublicConfigState } from './public-config.svelte.ts';

const config = {
	publicUrl: 'http://localhost:3000',
	tiles: { url: '', attribution: '' },
	municipalities: [
		{
			id: 'providencia',
			name: 'Providencia',
			boundary: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
			emergencyNumbers: [{ id: 'carabineros', number: '133', kind: 'national', label: { 'es-CL': 'Carabineros', en: 'Police', 'pt-BR': 'Polícia' } }],
			categories: []
		}
	]
};

const ok = () => Promise.resolve(new Response(JSON.stringify(config), { status: 200 }));
const offline = () => Promise.reject(new TypeError('Failed to fetch'));

describe('PublicConfigState', () => {
	it('stores the server answer and serves it from the device when offline', async () => {
		vi.stubGlobal('navigator', { onLine: true });
		const store = new MemoryKeyValueStore();
		const online = new PublicConfigState(store, ok as typeof fetch);
		await online.load();
		expect(online.status).toBe('ready');
		await online.chooseHome('providencia');

		const later = new PublicConfigState(store, offline as typeof fetch);
		await later.load();
		expect(later.status).toBe('ready');
		expect(later.home?.emergencyNumbers[0]?.number).toBe('133');
		vi.unstubAllGlobals();
	});

	it('refuses a malformed answer and keeps the last good copy', async () => {
		vi.stubGlobal('navigator', { onLine: true });
		const store = new MemoryKeyValueStore();
		await new PublicConfigState(store, ok as typeof fetch).load();
		const bad = () => Promise.resolve(new Response(JSON.stringify({ municipalities: 'nope' }), { status: 200 }));
		const state = new PublicConfigState(store, bad as typeof fetch);
		await state.load();
		expect(state.status).toBe('ready');
		expect(await state.refresh()).toBe(false);
		expect(state.municipalities.map((m) => m.id)).toEqual(['providencia']);
		vi.unstubAllGlobals();
	});

	it('says "empty" when it has never been online', async () => {
		vi.stubGlobal('navigator', { onLine: false });
		const state = new PublicConfigState(new MemoryKeyValueStore(), offline as typeof fetch);
		await state.load();
		expect(state.status).toBe('empty');
		expect(state.municipalities).toEqual([]);
		vi.unstubAllGlobals();
	});
});
