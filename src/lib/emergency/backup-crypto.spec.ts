import { describe, expect, it } from 'vitest';
import { decryptBackup, deriveBackupKeys, encryptBackup, formatRecoveryCode, newRecoverySecret, parseRecoveryCode } from './backup-crypto.ts';

const content = { v: 1 as const, contacts: [{ name: 'Marta', phone: '+56 9 1111 2222' }] };

describe('recovery code', () => {
	it('round-trips through the written form, typed carelessly', () => {
		for (let i = 0; i < 20; i++) {
			const secret = newRecoverySecret();
			const code = formatRecoveryCode(secret);
			expect(code).toMatch(/^([A-Z2-9]{4}-){6}[A-Z2-9]{4}$/);
			expect(parseRecoveryCode(` ${code.toLowerCase().replace(/-/g, ' ')} `)).toEqual(secret);
		}
		expect(parseRecoveryCode('ABCD')).toBeNull();
		expect(parseRecoveryCode('0'.repeat(28))).toBeNull();
		// 28 nines would be more than 128 bits.
		expect(parseRecoveryCode('9'.repeat(28))).toBeNull();
	});
});

describe('backup encryption', () => {
	it('the same code gives the same id and a key that opens the backup; another code opens nothing', async () => {
		const secret = newRecoverySecret();
		const a = await deriveBackupKeys(secret);
		const b = await deriveBackupKeys(parseRecoveryCode(formatRecoveryCode(secret))!);
		expect(b.id).toBe(a.id);
		const blob = await encryptBackup(a.key, content);
		expect(blob).not.toContain('Marta');
		expect(await decryptBackup(b.key, blob)).toEqual(content);
		const other = await deriveBackupKeys(newRecoverySecret());
		expect(other.id).not.toBe(a.id);
		expect(await decryptBackup(other.key, blob)).toBeNull();
		// One character in the middle changed (its 6 bits all count, unlike the last one's, which
		// may carry unused bits: changing only those left the bytes as they were, now and then).
		const at = Math.floor(blob.length / 2);
		const tampered = blob.slice(0, at) + (blob[at] === 'A' ? 'B' : 'A') + blob.slice(at + 1);
		expect(await decryptBackup(a.key, tampered)).toBeNull();
	});
});
