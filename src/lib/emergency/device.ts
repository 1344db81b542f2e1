import { requestPersistentStorage } from '$lib/pwa/persist.ts';
import { ContactsState } from './contacts.svelte.ts';
import { dexieContactStore, dexieOutboxStore, emergencyDb } from './db.ts';
import { PanicOutbox, postAlert } from './outbox.svelte.ts';
import type { PanicAlert } from './alert.ts';

let outbox: PanicOutbox | undefined;
let contacts: ContactsState | undefined;

/** The device's one queue of panic alerts waiting for a network. */
export function panicOutbox(): PanicOutbox {
	return (outbox ??= new PanicOutbox(dexieOutboxStore(emergencyDb())));
}

/** Started by the layout: alerts kept while offline go out when the network returns, on any screen. */
export function startPanicOutbox(): () => void {
	const queue = panicOutbox();
	void queue.refreshCount().catch(() => undefined);
	return queue.start();
}

/** The resident's contacts on this device. The first one saved is the moment to ask for persistent storage. */
export function deviceContacts(): ContactsState {
	return (contacts ??= new ContactsState(dexieContactStore(emergencyDb()), { onFirstSave: () => void requestPersistentStorage() }));
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
