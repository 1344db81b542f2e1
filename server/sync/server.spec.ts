import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { parseFrame } from './server.ts';

const frame = (...parts: ((e: encoding.Encoder) => void)[]) => {
	const e = encoding.createEncoder();
	for (const p of parts) p(e);
	return encoding.toUint8Array(e);
};

describe('parseFrame', () => {
	it('reads sync steps, awareness and awareness queries', () => {
		expect(parseFrame(frame((e) => encoding.writeVarUint(e, 0), (e) => encoding.writeVarUint(e, 0), (e) => encoding.writeVarUint8Array(e, new Uint8Array([0]))))).toEqual({ type: 'sync', message: { type: 'step1', stateVector: new Uint8Array([0]) } });
		expect(parseFrame(frame((e) => encoding.writeVarUint(e, 0), (e) => encoding.writeVarUint(e, 2), (e) => encoding.writeVarUint8Array(e, new Uint8Array([0, 0]))))).toEqual({ type: 'sync', message: { type: 'update', update: new Uint8Array([0, 0]) } });
		expect(parseFrame(frame((e) => encoding.writeVarUint(e, 1), (e) => encoding.writeVarUint8Array(e, new Uint8Array([0]))))).toEqual({ type: 'awareness', update: new Uint8Array([0]) });
		expect(parseFrame(new Uint8Array([3]))).toEqual({ type: 'queryAwareness' });
	});

	it('throws on unknown types, unknown steps, truncation and trailing bytes', () => {
		expect(() => parseFrame(new Uint8Array([2]))).toThrow();
		expect(() => parseFrame(new Uint8Array([0, 7, 0]))).toThrow();
		expect(() => parseFrame(new Uint8Array([0, 2, 10, 1]))).toThrow();
		expect(() => parseFrame(new Uint8Array([3, 0]))).toThrow();
		expect(() => parseFrame(new Uint8Array([]))).toThrow();
	});
});
