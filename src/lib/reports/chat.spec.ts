import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { incidentRoots, newChatMessage, readChat, readHidden, refusedTexts, reportRoots, unsentIds } from './chat.ts';

describe('report chat', () => {
	it('makes a message in the author’s name, trimmed, and nothing from blank text', () => {
		expect(newChatMessage('u1', '  ¿Sigue apagado?  ', 1000, 'm1')).toEqual({ id: 'm1', author: 'u1', text: '¿Sigue apagado?', at: 1000 });
		expect(newChatMessage('u1', '   ', 1000, 'm1')).toBeNull();
		expect(newChatMessage('u1', 'x'.repeat(1200), 1, 'm1')?.text).toHaveLength(1000);
	});

	it('reads the messages in list order and skips malformed entries', () => {
		const doc = new Y.Doc();
		doc.getArray('messages').push([{ id: 'a', author: 'u1', text: 'Hola', at: 1 }, { nonsense: true }, { id: 'b', author: 'u2', text: 'Chao', at: 2 }, { id: 'a', author: 'u3', text: 'again', at: 3 }]);
		expect(readChat(doc).map((m) => m.text)).toEqual(['Hola', 'Chao']);
	});

	it('keeps the text of refused messages', () => {
		expect(refusedTexts([{ id: 'a', author: 'u1', text: 'mine', at: 1 }, 'junk'])).toEqual(['mine']);
		expect(refusedTexts(undefined)).toEqual([]);
	});

	it('knows which messages the server has not saved yet, from what it sent back', () => {
		const server = new Y.Doc();
		server.getArray('messages').push([{ id: 'theirs', author: 'u2', text: 'Hola', at: 1 }]);
		const phone = new Y.Doc();
		Y.applyUpdate(phone, Y.encodeStateAsUpdate(server));
		// What the server said it has: its state vector at the greeting.
		const saved = new Map(Y.decodeStateVector(Y.encodeStateVector(server)));
		phone.getArray('messages').push([{ id: 'one', author: 'u1', text: 'Written offline', at: 2 }]);
		phone.getArray('messages').push([{ id: 'two', author: 'u1', text: 'And again', at: 3 }]);
		expect([...unsentIds(phone, saved)].sort()).toEqual(['one', 'two']);
		// The server saved the first (its clock), not yet the second.
		saved.set(phone.clientID, 1);
		expect([...unsentIds(phone, saved)]).toEqual(['two']);
		saved.set(phone.clientID, 2);
		expect(unsentIds(phone, saved).size).toBe(0);
		expect(unsentIds(phone, new Map()).size).toBe(3);
	});

	it('reads the messages the municipality hid from the server’s moderation root, oldest first, skipping what it cannot read', () => {
		expect(incidentRoots.moderation).toBe('map');
		expect(reportRoots.moderation).toBe('map');
		const doc = new Y.Doc();
		const moderation = doc.getMap('moderation');
		moderation.set('later', { reason: 'abuse', at: 20, hiddenAt: 100 });
		moderation.set('earlier', { reason: 'personal_data', at: 10, hiddenAt: 90 });
		moderation.set('unknown-reason', { reason: 'rude', at: 5, hiddenAt: 90 });
		moderation.set('with-text', { reason: 'looks', at: 5, hiddenAt: 90, text: 'the hidden words' });
		moderation.set('bad id!', { reason: 'looks', at: 5, hiddenAt: 90 });
		expect(readHidden(doc)).toEqual([
			{ id: 'earlier', reason: 'personal_data', at: 10, hiddenAt: 90 },
			{ id: 'later', reason: 'abuse', at: 20, hiddenAt: 100 }
		]);
		expect(readHidden(new Y.Doc())).toEqual([]);
	});
});
