import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { rollbackUpdate } from './rollback.ts';

describe('rollbackUpdate', () => {
	it('deletes exactly the live items of the given clientIDs', () => {
		const server = new Y.Doc();
		const spammer = new Y.Doc();
		spammer.clientID = 11;
		const neighbour = new Y.Doc();
		neighbour.clientID = 22;
		spammer.getArray('messages').push([{ text: 'spam 1' }, { text: 'spam 2' }]);
		spammer.getMap('meta').set('description', 'spam');
		Y.applyUpdate(neighbour, Y.encodeStateAsUpdate(spammer));
		neighbour.getArray('messages').push([{ text: 'real' }]);
		spammer.getArray('messages').push([{ text: 'spam 3' }]);
		Y.applyUpdate(server, Y.encodeStateAsUpdate(spammer));
		Y.applyUpdate(server, Y.encodeStateAsUpdate(neighbour));

		const rollback = rollbackUpdate(server, [11]);
		expect(rollback?.items).toBe(4);
		Y.applyUpdate(server, rollback?.update as Uint8Array);
		expect(server.getArray('messages').toJSON()).toEqual([{ text: 'real' }]);
		expect(server.getMap('meta').toJSON()).toEqual({});
		// The update carries nothing else: a third copy converges to the same state.
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(spammer));
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(neighbour));
		Y.applyUpdate(copy, rollback?.update as Uint8Array);
		expect(copy.getArray('messages').toJSON()).toEqual([{ text: 'real' }]);
		expect(rollbackUpdate(server, [11])).toBeNull();
		expect(rollbackUpdate(server, [99])).toBeNull();
	});
});
