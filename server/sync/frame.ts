import * as encoding from 'lib0/encoding';

/** One y-protocols message: its type, then what `write` encodes. */
export function frame(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	write(encoder);
	return encoding.toUint8Array(encoder);
}
