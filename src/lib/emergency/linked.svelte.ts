import { isoNow } from '$lib/domain/time.ts';
import type { LinkedPerson } from './db.ts';
import type { ApiResult, LinksApi } from './links-api.ts';

export interface LinkedStore {
	all(): Promise<LinkedPerson[]>;
	put(person: LinkedPerson): Promise<void>;
	delete(subjectId: string): Promise<void>;
}

/**
 * Contacts who use Cuadra. Two directions: the people who see *my* alerts (`watchedBy`, known to the
 * server only as pseudonymous ids), and the people whose alerts *I* see (`watching`, named here, on
 * this device only). Every change needs the network and a session; the screen says so when missing.
 */
export class LinkedContacts {
	watching = $state<LinkedPerson[]>([]);
	watchedBy = $state<{ watcherId: string; since: string }[]>([]);
	invite = $state<{ code: string; expiresAt: string } | null>(null);
	/** The last problem, as an error code for the screen to explain. */
	problem = $state<string | null>(null);
	readonly #store: LinkedStore;
	readonly #api: LinksApi;
	readonly #signIn: () => Promise<boolean>;

	constructor(store: LinkedStore, api: LinksApi, signIn: () => Promise<boolean>) {
		this.#store = store;
		this.#api = api;
		this.#signIn = signIn;
	}

	/** Names kept on the device, then the server's view of the links when reachable. */
	async load(options: { server: boolean }): Promise<void> {
		this.watching = await this.#store.all().catch(() => []);
		if (!options.server) return;
		const list = await this.#api.list();
		if (!list.ok) return;
		this.watchedBy = list.data.watchedBy;
		// A link the other person ended is forgotten here too.
		const live = list.data.watching.map((w) => w.subjectId);
		for (const person of this.watching) if (!live.includes(person.subjectId)) await this.#store.delete(person.subjectId);
		this.watching = this.watching.filter((p) => live.includes(p.subjectId));
	}

	async createInvite(): Promise<boolean> {
		return this.#run(() => this.#api.createInvite(), (invite) => (this.invite = invite));
	}

	async redeem(code: string, name: string): Promise<boolean> {
		const trimmed = name.trim().slice(0, 60);
		if (!trimmed) {
			this.problem = 'name_missing';
			return false;
		}
		return this.#run(
			() => this.#api.redeem(code),
			async ({ subjectId }) => {
				const person = { subjectId, name: trimmed, since: isoNow() };
				await this.#store.put(person);
				this.watching = [...this.watching.filter((p) => p.subjectId !== subjectId), person];
			}
		);
	}

	async stopWatching(subjectId: string): Promise<boolean> {
		return this.#run(
			() => this.#api.stopWatching(subjectId),
			async () => {
				await this.#store.delete(subjectId);
				this.watching = this.watching.filter((p) => p.subjectId !== subjectId);
			}
		);
	}

	async removeWatcher(watcherId: string): Promise<boolean> {
		return this.#run(
			() => this.#api.removeWatcher(watcherId),
			() => (this.watchedBy = this.watchedBy.filter((w) => w.watcherId !== watcherId))
		);
	}

	nameOf(subjectId: string): string | null {
		return this.watching.find((p) => p.subjectId === subjectId)?.name ?? null;
	}

	async #run<T>(call: () => Promise<ApiResult<T>>, apply: (data: T) => unknown): Promise<boolean> {
		this.problem = null;
		if (!(await this.#signIn())) {
			this.problem = 'offline';
			return false;
		}
		const result = await call();
		if (!result.ok) {
			this.problem = result.code;
			return false;
		}
		await apply(result.data);
		return true;
	}
}
