import type { Contact } from './contact.ts';
import { decryptBackup, deriveBackupKeys, encryptBackup, formatRecoveryCode, newRecoverySecret, parseRecoveryCode, type BackupContent } from './backup-crypto.ts';
import type { ApiResult } from './links-api.ts';

export interface BackupApi {
	put(id: string, blob: string): Promise<ApiResult<void>>;
	get(id: string): Promise<ApiResult<{ blob: string; updatedAt: string }>>;
	remove(id: string): Promise<ApiResult<void>>;
}

/** Where the device keeps its recovery secret while the backup is on (the same device store as the contacts). */
export interface SecretKeeper {
	get(): Promise<Uint8Array | null>;
	set(secret: Uint8Array | null): Promise<void>;
}

const content = (contacts: readonly Contact[]): BackupContent => ({ v: 1, contacts: contacts.map((c) => ({ name: c.name, phone: c.phone })) });

/**
 * The optional backup of the personal contacts, off until the resident turns it on. The contacts are
 * encrypted on the device with a key derived from a recovery code that only the resident sees; the
 * server keeps ciphertext. Turning it off deletes the server copy.
 */
export class ContactsBackup {
	enabled = $state(false);
	/** The recovery code, shown after turning the backup on or when asked for. */
	code = $state<string | null>(null);
	problem = $state<string | null>(null);
	/** The last change could not be uploaded (no network); it is retried at the next change or reconnection. */
	behind = $state(false);
	readonly #api: BackupApi;
	readonly #secrets: SecretKeeper;
	readonly #signIn: () => Promise<boolean>;

	constructor(api: BackupApi, secrets: SecretKeeper, signIn: () => Promise<boolean>) {
		this.#api = api;
		this.#secrets = secrets;
		this.#signIn = signIn;
	}

	async load(): Promise<void> {
		this.enabled = (await this.#secrets.get().catch(() => null)) !== null;
	}

	async enable(contacts: readonly Contact[]): Promise<boolean> {
		this.problem = null;
		const secret = newRecoverySecret();
		if (!(await this.#upload(secret, contacts))) return false;
		await this.#secrets.set(secret);
		this.enabled = true;
		this.code = formatRecoveryCode(secret);
		return true;
	}

	async showCode(): Promise<void> {
		const secret = await this.#secrets.get();
		this.code = secret ? formatRecoveryCode(secret) : null;
	}

	/** After any change to the contacts: uploads the new encrypted copy if the backup is on. */
	async sync(contacts: readonly Contact[]): Promise<void> {
		const secret = await this.#secrets.get().catch(() => null);
		if (!secret) return;
		this.behind = !(await this.#upload(secret, contacts));
	}

	async disable(): Promise<boolean> {
		this.problem = null;
		const secret = await this.#secrets.get();
		if (secret) {
			if (!(await this.#signIn())) {
				this.problem = 'offline';
				return false;
			}
			const removed = await this.#api.remove((await deriveBackupKeys(secret)).id);
			if (!removed.ok && removed.code !== 'not_found') {
				this.problem = removed.code;
				return false;
			}
		}
		await this.#secrets.set(null);
		this.enabled = false;
		this.code = null;
		this.behind = false;
		return true;
	}

	/** Reads a backup with a recovery code, on this or a new phone. */
	async restore(codeText: string): Promise<BackupContent['contacts'] | null> {
		this.problem = null;
		const secret = parseRecoveryCode(codeText);
		if (!secret) {
			this.problem = 'invalid_code';
			return null;
		}
		if (!(await this.#signIn())) {
			this.problem = 'offline';
			return null;
		}
		const keys = await deriveBackupKeys(secret);
		const found = await this.#api.get(keys.id);
		if (!found.ok) {
			this.problem = found.code === 'not_found' ? 'invalid_code' : found.code;
			return null;
		}
		const opened = await decryptBackup(keys.key, found.data.blob);
		if (!opened) this.problem = 'invalid_code';
		return opened?.contacts ?? null;
	}

	async #upload(secret: Uint8Array, contacts: readonly Contact[]): Promise<boolean> {
		if (!(await this.#signIn())) {
			this.problem = 'offline';
			return false;
		}
		const keys = await deriveBackupKeys(secret);
		const result = await this.#api.put(keys.id, await encryptBackup(keys.key, content(contacts)));
		if (!result.ok) this.problem = result.code;
		return result.ok;
	}
}
