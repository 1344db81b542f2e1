import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { rollbackUpdate } from '../sync/rollback.ts';
import { docFromUpdates, writtenBy } from './doc-content.ts';

function edits(clientID: number, edit: (doc: Y.Doc) => void, base?: Uint8Array): Uint8Array {
	const doc = new Y.Doc();
	doc.clientID = clientID;
	if (base) Y.applyUpdate(doc, base);
	const before = Y.encodeStateVector(doc);
	edit(doc);
	return Y.encodeStateAsUpdate(doc, before);
}

describe('writtenBy', () => {
	it('lists the live list entries and map fields written under the given clientIDs only', () => {
		const a = edits(1, (d) => {
			d.getArray('messages').push([{ id: 'm1', text: 'mine' }]);
			d.getMap('contact').set('phone', '+56 9 1234 5678');
		});
		const b = edits(2, (d) => d.getArray('messages').push([{ id: 'm2', text: 'theirs' }]), a);
		const doc = docFromUpdates([a, b]);
		doc.getArray('messages');
		doc.getMap('contact');
		expect(writtenBy(doc, [1])).toEqual([
			{ root: 'messages', key: null, value: { id: 'm1', text: 'mine' } },
			{ root: 'contact', key: 'phone', value: '+56 9 1234 5678' }
		]);
		expect(writtenBy(doc, [2]).map((e) => e.value)).toEqual([{ id: 'm2', text: 'theirs' }]);
	});

	it('leaves out what was deleted, e.g. by the erasure of an account', () => {
		const a = edits(1, (d) => d.getArray('messages').push([{ id: 'm1' }]));
		const doc = docFromUpdates([a]);
		doc.getArray('messages');
		const erase = rollbackUpdate(doc, [1]);
		Y.applyUpdate(doc, erase!.update);
		expect(writtenBy(doc, [1])).toEqual([]);
	});
});
