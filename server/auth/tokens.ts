import { createHash, randomBytes } from 'node:crypto';

/** A session token: 256 random bits, base64url. The client holds it; the store holds its hash. */
export function newToken(): string {
	return randomBytes(32).toString('base64url');
}

/**
 * SHA-256 hex of a high-entropy secret (session token, device secret). A fast hash is right here:
 * these are 256-bit random values, not passwords, so there is nothing to brute-force.
 */
export function hashToken(token: string): string {
	return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A device secret must carry at least 256 bits: 43+ base64url characters. */
export const deviceSecretPattern = /^[A-Za-z0-9_-]{43,128}$/;
