import { z } from 'zod';

/**
 * End-to-end encryption of the contacts backup. One random recovery secret (128 bits), shown to the
 * person once as a code to write down, yields both the backup's id on the server and its AES-GCM key
 * (HKDF-SHA-256). The server stores only ciphertext under a hash of the id: it can never read the
 * contacts, and nobody without the code can.
 */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'; // 31 symbols, none that look alike
const SECRET_BYTES = 16;
const CODE_LENGTH = 28; // 31^28 > 2^128

export const backupContactsSchema = z.object({
	v: z.literal(1),
	contacts: z.array(z.object({ name: z.string().min(1).max(60), phone: z.string().min(1).max(30) })).max(10)
});
export type BackupContent = z.infer<typeof backupContactsSchema>;

const toBigInt = (bytes: Uint8Array) => bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);

function fromBigInt(n: bigint, length: number): Uint8Array | null {
	const bytes = new Uint8Array(length);
	for (let i = length - 1; i >= 0; i--) {
		bytes[i] = Number(n & 0xffn);
		n >>= 8n;
	}
	return n === 0n ? bytes : null;
}

export function newRecoverySecret(random: (b: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): Uint8Array {
	return random(new Uint8Array(SECRET_BYTES));
}

/** `ABCD-EFGH-…`: seven groups of four, easy to copy by hand. */
export function formatRecoveryCode(secret: Uint8Array): string {
	let n = toBigInt(secret);
	let code = '';
	for (let i = 0; i < CODE_LENGTH; i++) {
		code = ALPHABET[Number(n % 31n)] + code;
		n /= 31n;
	}
	return code.match(/.{4}/g)!.join('-');
}

/** Reads a typed code back (any case, spaces or dashes); null when it cannot be a code. */
export function parseRecoveryCode(text: string): Uint8Array | null {
	const clean = text.toUpperCase().replace(/[\s-]/g, '');
	if (clean.length !== CODE_LENGTH) return null;
	let n = 0n;
	for (const ch of clean) {
		const digit = ALPHABET.indexOf(ch);
		if (digit < 0) return null;
		n = n * 31n + BigInt(digit);
	}
	return fromBigInt(n, SECRET_BYTES);
}

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromB64url = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

export interface BackupKeys {
	/** The backup's name on the server (not secret enough to decrypt anything on its own). */
	id: string;
	key: CryptoKey;
}

export async function deriveBackupKeys(secret: Uint8Array): Promise<BackupKeys> {
	const base = await crypto.subtle.importKey('raw', secret as BufferSource, 'HKDF', false, ['deriveBits', 'deriveKey']);
	const salt = new TextEncoder().encode('cuadra-contacts-backup-v1');
	const idBits = await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info: new TextEncoder().encode('id') }, base, 192);
	const key = await crypto.subtle.deriveKey(
		{ name: 'HKDF', hash: 'SHA-256', salt, info: new TextEncoder().encode('key') },
		base,
		{ name: 'AES-GCM', length: 256 },
		false,
		['encrypt', 'decrypt']
	);
	return { id: b64url(new Uint8Array(idBits)), key };
}

export async function encryptBackup(key: CryptoKey, content: BackupContent): Promise<string> {
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const plain = new TextEncoder().encode(JSON.stringify(content));
	const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain));
	const out = new Uint8Array(iv.length + cipher.length);
	out.set(iv);
	out.set(cipher, iv.length);
	return b64url(out);
}

/** Null when the blob was not made with this key or was altered. */
export async function decryptBackup(key: CryptoKey, blob: string): Promise<BackupContent | null> {
	try {
		const bytes = fromB64url(blob);
		const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.slice(0, 12) }, key, bytes.slice(12));
		const parsed = backupContactsSchema.safeParse(JSON.parse(new TextDecoder().decode(plain)));
		return parsed.success ? parsed.data : null;
	} catch {
		return null;
	}
}
