import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { decodeAwareness, encodeAwareness, stampIdentity } from './awareness.ts';

describe('awareness', () => {
	it('decodes what y-protocols encodes and round-trips', () => {
		const doc = new Y.Doc();
		const awareness = new Awareness(doc);
		awareness.setLocalState({ cursor: 3, user: { id: 'forged', role: 'admin' } });
		const entries = decodeAwareness(encodeAwarenessUpdate(awareness, [doc.clientID]));
		expect(entries).toEqual([{ clientId: doc.clientID, clock: expect.any(Number), state: { cursor: 3, user: { id: 'forged', role: 'admin' } } }]);
		expect(decodeAwareness(encodeAwareness(entries))).toEqual(entries);
		awareness.destroy();
	});

	it('stamps the server-known identity over a forged one', () => {
		expect(stampIdentity({ cursor: 1, user: { id: 'forged', role: 'admin' } }, { id: 'u1', role: 'resident' })).toEqual({ cursor: 1, user: { id: 'u1', role: 'resident' } });
		expect(stampIdentity(null, { id: 'u1', role: 'resident' })).toBeNull();
	});

	it('throws on garbage, arrays and oversized states', () => {
		expect(() => decodeAwareness(new Uint8Array([5, 1]))).toThrow();
		expect(() => decodeAwareness(encodeAwareness([{ clientId: 1, clock: 1, state: [1] as never }]))).toThrow();
		expect(() => decodeAwareness(encodeAwareness([{ clientId: 1, clock: 1, state: { x: 'y'.repeat(5000) } }]))).toThrow();
	});
});
