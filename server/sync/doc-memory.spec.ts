import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { DocMemory } from './doc-memory.ts';

const facts = { creator: 'ana', municipalityId: 'providencia' };
/** The payload of a sync message (its step, then a state vector or an update). */
const payload = (m: Uint8Array) => {
	const d = decoding.createDecoder(m);
	decoding.readVarUint(d);
	return { step: decoding.readVarUint(d), data: decoding.readVarUint8Array(d) };
};

function stored(): Uint8Array[] {
	const doc = new Y.Doc();
	doc.clientID = 5;
	doc.getArray('messages').push([{ text: 'hola' }]);
	return [Y.encodeStateAsUpdate(doc)];
}

describe('DocMemory', () => {
	it('answers the same from its resting form as live, and wakes with the same clientID', () => {
		const memory = new DocMemory(stored());
		memory.doc.getMap('meta').set('description', 'Poste apagado');
		const clientID = memory.doc.clientID;
		const live = { vector: payload(memory.stateVectorFrame()), step2: payload(memory.step2Frame(Y.encodeStateVector(new Y.Doc()))) };
		const encoded = memory.encoded();

		memory.rest(facts);
		expect(memory.isResting).toBe(true);
		expect(memory.restingFacts).toEqual(facts);
		expect(memory.serverClaims(clientID)).toBe(true);
		expect(payload(memory.stateVectorFrame())).toEqual(live.vector);
		const step2 = payload(memory.step2Frame(Y.encodeStateVector(new Y.Doc())));
		expect(step2.step).toBe(live.step2.step);
		const joined = new Y.Doc();
		Y.applyUpdate(joined, step2.data);
		expect(joined.getArray('messages').toJSON()).toEqual([{ text: 'hola' }]);
		expect(memory.encoded()).toEqual(encoded);
		expect(memory.isResting).toBe(true);

		expect(memory.doc.clientID).toBe(clientID);
		expect(memory.isResting).toBe(false);
		expect(memory.restingFacts).toBeNull();
		expect(memory.doc.getMap('meta').get('description')).toBe('Poste apagado');
	});

	it('counts as the server’s its own clientID and those that wrote; replaces itself from stored updates', () => {
		const memory = new DocMemory(stored());
		expect(memory.serverClaims(memory.doc.clientID)).toBe(true);
		expect(memory.serverClaims(5)).toBe(true);
		expect(memory.serverClaims(6)).toBe(false);
		expect(() => memory.step2Frame(new Uint8Array([200]))).toThrow();
		memory.doc.getArray('messages').push([{ text: 'not saved' }]);
		memory.replace(stored());
		expect(memory.doc.getArray('messages').toJSON()).toEqual([{ text: 'hola' }]);
	});
});
