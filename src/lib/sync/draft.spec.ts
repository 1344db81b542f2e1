import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { diffDraft, isEmptyDraft } from './draft.ts';

describe('diffDraft', () => {
	it('returns the map keys and list entries only the local document has', () => {
		const server = new Y.Doc();
		server.getMap('meta').set('description', 'original');
		server.getArray('messages').push([{ text: 'a' }, { text: 'b' }]);
		const local = new Y.Doc();
		Y.applyUpdate(local, Y.encodeStateAsUpdate(server));
		local.getMap('meta').set('description', 'my change');
		local.getMap('meta').set('category', 'noise');
		local.getArray('messages').push([{ text: 'b' }, { text: 'unsent' }]);
		const draft = diffDraft(local, server, { meta: 'map', messages: 'array', events: 'array' });
		expect(draft).toEqual({ maps: { meta: { description: 'my change', category: 'noise' } }, arrays: { messages: [{ text: 'b' }, { text: 'unsent' }] } });
		expect(isEmptyDraft(draft)).toBe(false);
	});

	it('is empty when nothing differs', () => {
		const server = new Y.Doc();
		server.getArray('messages').push([1]);
		const local = new Y.Doc();
		Y.applyUpdate(local, Y.encodeStateAsUpdate(server));
		expect(isEmptyDraft(diffDraft(local, server, { messages: 'array', meta: 'map' }))).toBe(true);
	});
});
