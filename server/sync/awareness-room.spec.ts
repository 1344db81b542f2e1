import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { applyAwarenessUpdate, Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { awarenessLimits, decodeAwareness, encodeAwareness, type AwarenessEntry } from './awareness.ts';
import { AwarenessRoom, awarenessFrames } from './awareness-room.ts';
import { testConnection } from './test-connection.ts';


const connection = testConnection;

/** A room of three sockets, broadcasting to all of them, relaying renewals every `renewMs`. */
function room(renewMs = 30) {
	const conns = [connection('ana'), connection('bea'), connection('cai')];
	const broadcasts: Uint8Array[] = [];
	const r = new AwarenessRoom(
		{ typing: z.boolean() },
		() => false,
		(message) => {
			broadcasts.push(message);
			for (const c of conns) c.send(message);
		},
		undefined,
		renewMs
	);
	return { room: r, conns, broadcasts };
}

/** The awareness update inside a message. */
const inner = (message: Uint8Array) => {
	const d = decoding.createDecoder(message);
	expect(decoding.readVarUint(d)).toBe(1);
	return decoding.readVarUint8Array(d);
};
const update = (entries: AwarenessEntry[]) => encodeAwareness(entries);
const turn = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AwarenessRoom', () => {
	it('relays the changes of one turn as one awareness update holding every state, the same bytes to every socket', async () => {
		const { room: r, conns, broadcasts } = room();
		const [ana, bea, cai] = conns as [ReturnType<typeof connection>, ReturnType<typeof connection>, ReturnType<typeof connection>];
		r.receive(ana, update([{ clientId: 11, clock: 1, state: { typing: true } }]));
		r.receive(bea, update([{ clientId: 22, clock: 1, state: { typing: false } }]));
		r.receive(cai, update([{ clientId: 33, clock: 1, state: { typing: true, name: 'forged' } }]));
		expect(broadcasts).toHaveLength(0);
		await turn();
		expect(broadcasts).toHaveLength(1);
		for (const c of conns) expect(c.sent).toEqual([broadcasts[0]]);
		// y-protocols takes it as one update of three clients.
		const receiver = new Awareness(new Y.Doc());
		applyAwarenessUpdate(receiver, inner(broadcasts[0] as Uint8Array), 'server');
		expect(receiver.getStates().get(11)).toEqual({ typing: true, user: { id: 'ana', role: 'resident' } });
		expect(receiver.getStates().get(33)).toEqual({ typing: true, user: { id: 'cai', role: 'resident' } });
		expect(receiver.getStates().size).toBe(4);
		receiver.destroy();
		r.destroy();
	});

	it('does not relay a first state at clock 0, and relays renewals that only move the clock together, later', async () => {
		const { room: r, conns, broadcasts } = room(40);
		const [ana, bea] = conns as [ReturnType<typeof connection>, ReturnType<typeof connection>];
		r.receive(ana, update([{ clientId: 11, clock: 0, state: {} }]));
		r.receive(bea, update([{ clientId: 22, clock: 5, state: { typing: true } }]));
		await turn();
		expect(broadcasts.map((m) => decodeAwareness(inner(m)).map((e) => e.clientId))).toEqual([[22]]);
		// Renewals: the same state, a higher clock.
		r.receive(ana, update([{ clientId: 11, clock: 1, state: {} }]));
		r.receive(bea, update([{ clientId: 22, clock: 6, state: { typing: true } }]));
		await turn();
		expect(broadcasts).toHaveLength(1);
		await sleep(80);
		expect(broadcasts).toHaveLength(2);
		expect(decodeAwareness(inner(broadcasts[1] as Uint8Array))).toEqual([
			{ clientId: 11, clock: 1, state: { user: { id: 'ana', role: 'resident' } } },
			{ clientId: 22, clock: 6, state: { typing: true, user: { id: 'bea', role: 'resident' } } }
		]);
		// A real change goes out in its turn, not with the renewals.
		r.receive(bea, update([{ clientId: 22, clock: 7, state: { typing: false } }]));
		await turn();
		expect(broadcasts).toHaveLength(3);
		r.destroy();
	});

	it('drops echoes of other sockets’ states without parsing them, and echoed removals cost nothing', async () => {
		const { room: r, conns, broadcasts } = room();
		const [ana, bea] = conns as [ReturnType<typeof connection>, ReturnType<typeof connection>];
		r.receive(ana, update([{ clientId: 11, clock: 3, state: { typing: true } }]));
		await turn();
		// Bea's provider echoes ana's state, here as bytes that are not even JSON.
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarUint(encoder, 11);
		encoding.writeVarUint(encoder, 4);
		encoding.writeVarString(encoder, '{not json');
		r.receive(bea, encoding.toUint8Array(encoder));
		expect(bea.closed).toBe(false);
		// Removals of states the room does not hold (echoes of others leaving) announce nothing.
		for (let i = 0; i < awarenessLimits.statesPerSocket + 2; i++) r.receive(bea, update([{ clientId: 900 + i, clock: 2, state: null }]));
		expect(bea.closed).toBe(false);
		expect(bea.awarenessIds.size).toBe(0);
		await turn();
		expect(broadcasts).toHaveLength(1);
		r.destroy();
	});

	it('never sends more entries in one message than it accepts in one', () => {
		const entries = Array.from({ length: awarenessLimits.entriesPerMessage * 2 + 1 }, (_, i) => ({ clientId: i + 1, clock: 1, json: '{}' }));
		const frames = awarenessFrames(entries);
		expect(frames).toHaveLength(3);
		expect(frames.flatMap((f) => decodeAwareness(inner(f))).map((e) => e.clientId)).toEqual(entries.map((e) => e.clientId));
	});

	it('removes a leaving socket’s states for everyone in the next turn, unless nobody ever got them', async () => {
		const { room: r, conns, broadcasts } = room();
		const [ana, bea] = conns as [ReturnType<typeof connection>, ReturnType<typeof connection>];
		r.receive(ana, update([{ clientId: 11, clock: 2, state: { typing: true } }]));
		r.receive(bea, update([{ clientId: 22, clock: 0, state: {} }]));
		await turn();
		r.left(ana);
		r.left(bea);
		await turn();
		expect(decodeAwareness(inner(broadcasts.at(-1) as Uint8Array))).toEqual([{ clientId: 11, clock: 3, state: null }]);
		expect(r.size).toBe(0);
		r.destroy();
	});
});
