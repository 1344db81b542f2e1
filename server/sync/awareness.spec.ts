import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { z } from 'zod';
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
		expect(stampIdentity({ cursor: 1, user: { id: 'forged', role: 'admin' } }, { id: 'u1', role: 'resident' }, { cursor: z.number() })).toEqual({ cursor: 1, user: { id: 'u1', role: 'resident' } });
	});

	it('keeps only the fields the kind declares, valid by their schema: names and roles beside them are dropped', () => {
		const forged = { typing: true, name: 'Operador Municipal', role: 'admin', id: 'someone', user: { id: 'x' } };
		expect(stampIdentity(forged, { id: 'u1', role: 'resident' }, { typing: z.boolean() })).toEqual({ typing: true, user: { id: 'u1', role: 'resident' } });
		expect(stampIdentity({ typing: 'yes' }, { id: 'u1', role: 'resident' }, { typing: z.boolean() })).toEqual({ user: { id: 'u1', role: 'resident' } });
		expect(stampIdentity({ typing: true }, { id: 'u1', role: 'resident' })).toEqual({ user: { id: 'u1', role: 'resident' } });
		expect(stampIdentity(null, { id: 'u1', role: 'resident' })).toBeNull();
	});

	it('throws on garbage, arrays and oversized states', () => {
		expect(() => decodeAwareness(new Uint8Array([5, 1]))).toThrow();
		expect(() => decodeAwareness(encodeAwareness([{ clientId: 1, clock: 1, state: [1] as never }]))).toThrow();
		expect(() => decodeAwareness(encodeAwareness([{ clientId: 1, clock: 1, state: { x: 'y'.repeat(1100) } }]))).toThrow();
	});
});
