import { SyncedDoc } from '../sync/synced-doc.ts';
import { viewersOf, type Viewer } from './presence.ts';

/**
 * This console's presence in `ops:<municipality>`: it says which incident it has open
 * (`{ viewing }`), and lists who else on the staff has the same one open (the server stamps each
 * state's `user`, so nobody can pass as someone else). Sessions expire through the console's own
 * sign-in: the sync client does not sign in by itself.
 */
export class OpsPresence {
	viewers = $state.raw<Viewer[]>([]);
	#synced: SyncedDoc | null = null;

	constructor(
		readonly municipality: string,
		readonly selfUserId: string | null
	) {}

	open(serverUrl: string, viewing: string | null): void {
		const synced = new SyncedDoc({ serverUrl, room: `ops:${this.municipality}`, roots: {}, reauthenticate: async () => false });
		this.#synced = synced;
		const awareness = synced.awareness;
		const update = () => {
			this.viewers = viewing ? viewersOf(awareness.getStates(), viewing, awareness.clientID, this.selfUserId) : [];
		};
		awareness.on('change', update);
		awareness.setLocalStateField('viewing', viewing);
		update();
	}

	destroy(): void {
		this.#synced?.awareness.setLocalState(null);
		this.#synced?.destroy();
		this.#synced = null;
	}
}
