import { describe, expect, it } from 'vitest';
import { syncServerUrl } from './url.ts';

describe('syncServerUrl', () => {
	it('uses wss behind https and ws otherwise, on the same host', () => {
		expect(syncServerUrl({ protocol: 'https:', host: 'cuadra.example' })).toBe('wss://cuadra.example/sync');
		expect(syncServerUrl({ protocol: 'http:', host: '127.0.0.1:3000' })).toBe('ws://127.0.0.1:3000/sync');
	});
});
