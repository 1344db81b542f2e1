import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { syncDocs } from './docs.ts';
import type { Binding, SyncStore } from './store/sync-store.ts';

describe('syncDocs', () => {
	it('groups a user’s clientIDs by room with the first binding’s time, and erases them as a server write', async () => {
		const bindings: Binding[] = [
			{ room: 'report:a', clientId: 7, since: '2026-02-01' },
			{ room: 'report:a', clientId: 9, since: '2026-01-01' },
			{ room: 'report:b', clientId: 8, since: '2026-03-01' }
		];
		const store = { bindingsOf: async () => bindings } as unknown as SyncStore;
		const doc = new Y.Doc();
		const theirs = new Y.Doc();
		theirs.clientID = 7;
		theirs.getArray('messages').push([{ text: 'mine' }, { text: 'also mine' }]);
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(theirs));
		doc.getArray('messages').push([{ text: 'the server’s' }]);
		const writes: [string, string][] = [];
		const docs = syncDocs(store, async (room, edit, reason) => {
			writes.push([room, reason]);
			edit(doc);
			return true;
		});

		expect(await docs.clientsOf('u1')).toEqual(
			new Map([
				['report:a', { clientIds: [7, 9], since: '2026-01-01' }],
				['report:b', { clientIds: [8], since: '2026-03-01' }]
			])
		);
		expect(await docs.erase('report:a', [7, 9], 'account deleted')).toBe(2);
		expect(writes).toEqual([['report:a', 'account deleted']]);
		expect(doc.getArray('messages').toJSON()).toEqual([{ text: 'the server’s' }]);
		expect(await docs.erase('report:a', [7], 'again')).toBe(0);
	});
});
