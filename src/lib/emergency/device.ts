import { requestPersistentStorage } from '$lib/pwa/persist.ts';
import { ContactsState } from './contacts.svelte.ts';
import { dexieContactStore, dexieOutboxStore, emergencyDb } from './db.ts';
import { ensureSignedIn, hasDeviceAccount } from './identity.ts';
import { LinkedAlertFeed } from './linked-alerts.svelte.ts';
import { LinkedContacts } from './linked.svelte.ts';
import { backupApi, linksApi } from './links-api.ts';
import { ContactsBackup } from './backup.svelte.ts';
import { PanicOutbox, postAlert } from './outbox.svelte.ts';
import type { PanicAlert } from './alert.ts';

let outbox: PanicOutbox | undefined;
let contacts: ContactsState | undefined;
let linked: LinkedContacts | undefined;
let feed: LinkedAlertFeed | undefined;
let backup: ContactsBackup | undefined;

/** The device's one queue of panic alerts waiting for a network. */
export function panicOutbox(): PanicOutbox {
	return (outbox ??= new PanicOutbox(dexieOutboxStore(emergencyDb())));
}

/**
 * Started by the layout: alerts kept while offline go out when the network returns, on any screen.
 * A device that has an account (it linked contacts or keeps a backup) renews its session whenever the
 * app opens or the network returns, so that its panic still reaches its linked contacts after the
 * session would have ended.
 */
export function startPanicOutbox(): () => void {
	const queue = panicOutbox();
	void queue.refreshCount().catch(() => undefined);
	const renew = () => {
		if (hasDeviceAccount() && navigator.onLine !== false) void ensureSignedIn();
	};
	renew();
	window.addEventListener('online', renew);
	const stop = queue.start();
	return () => {
		window.removeEventListener('online', renew);
		stop();
	};
}

/** The resident's contacts on this device. The first one saved is the moment to ask for persistent storage. */
export function deviceContacts(): ContactsState {
	return (contacts ??= new ContactsState(dexieContactStore(emergencyDb()), {
		onFirstSave: () => void requestPersistentStorage(),
		// With the backup on, every change is encrypted and uploaded; with it off (the default), nothing leaves.
		onChange: (list) => void contactsBackup().sync(list)
	}));
}

/**
 * Keeps the alert on the device and tries to send it. Resolves to whether the server has it now.
 * If the device's storage fails, the alert is still sent directly once.
 */
export async function deliverAlert(alert: PanicAlert): Promise<boolean> {
	const queue = panicOutbox();
	try {
		await queue.enqueue(alert);
		return !(await queue.isPending(alert.id));
	} catch {
		return (await postAlert(alert)) === 'sent';
	}
}

/** Contacts who use Cuadra: whose alerts this device sees (named here), and who sees this device's. */
export function linkedContacts(): LinkedContacts {
	const db = emergencyDb();
	return (linked ??= new LinkedContacts(
		{
			all: () => db.linked.toArray(),
			put: async (p) => void (await db.linked.put(p)),
			delete: (id) => db.linked.delete(id)
		},
		linksApi(),
		() => ensureSignedIn()
	));
}

/** The alerts of the people who made this resident their contact, while the app is open. */
export function linkedAlertFeed(): LinkedAlertFeed {
	return (feed ??= new LinkedAlertFeed({
		isSomeonesContact: async () => (await emergencyDb().linked.count().catch(() => 0)) > 0,
		signIn: () => ensureSignedIn()
	}));
}

/** The optional encrypted backup of the contacts; off unless the resident turns it on. */
export function contactsBackup(): ContactsBackup {
	const db = emergencyDb();
	return (backup ??= new ContactsBackup(
		backupApi(),
		{
			get: async () => ((await db.settings.get('backup-secret'))?.value as Uint8Array | undefined) ?? null,
			set: async (secret) => void (secret ? await db.settings.put({ key: 'backup-secret', value: secret }) : await db.settings.delete('backup-secret'))
		},
		() => ensureSignedIn()
	));
}
