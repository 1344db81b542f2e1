import { createStaffApi, type ChannelCounts, type NewMember, type StaffApi, type StaffLogEntry, type StaffMember } from './staff-api.ts';
import { Loaded } from './loaded.svelte.ts';
import { logOf, membersOf, type StaffScreen } from './staff-text.ts';

/** What was just done, for the screen's confirmation (a `role="status"` line). */
export interface Done {
	action: 'added' | 'removed' | 'password_reset';
	member: StaffMember;
}

/** A password the server gave once: shown once, until the admin says they saved it. */
export interface Revealed {
	username: string;
	password: string;
}

/**
 * One admin screen's people (issue 17, item 3): the Staff screen (operators and admins) or the
 * Organisations screen (neighbourhood organisations' accounts, with how many reports each made),
 * each with its part of the staff log. Every change goes to the server (`/api/staff`), then the
 * list and the log are read again, so what is shown is what the server recorded. A refusal is
 * kept as `error` (the screen says it with `refusalText`); a one-time password as `revealed`.
 */
export class StaffAdmin {
	readonly people = new Loaded<StaffMember[]>();
	readonly changes = new Loaded<StaffLogEntry[]>();
	/** Reports by channel and by organisation's account: read on the Organisations screen only. */
	readonly counts = new Loaded<ChannelCounts>();
	/** Why the last change was refused. */
	error = $state<unknown>(null);
	busy = $state(false);
	done = $state<Done | null>(null);
	revealed = $state<Revealed | null>(null);
	#api: StaffApi;

	constructor(
		readonly municipality: string,
		readonly screen: StaffScreen,
		api: StaffApi = createStaffApi()
	) {
		this.#api = api;
	}

	get members(): StaffMember[] {
		return membersOf(this.people.value ?? [], this.screen);
	}

	get log(): StaffLogEntry[] {
		return logOf(this.changes.value ?? [], this.people.value ?? [], this.screen);
	}

	/** How many reports an organisation's account made (0 until counted). */
	reportsOf(userId: string): number {
		return this.counts.value?.organisations.find((o) => o.userId === userId)?.reports ?? 0;
	}

	/** Reads the people, the log and (on Organisations) the counts, each with its own state. */
	async load(): Promise<void> {
		const api = this.#api;
		await Promise.all([
			this.people.load(() => api.list(this.municipality)),
			this.changes.load(() => api.log(this.municipality)),
			this.screen === 'organisations' ? this.counts.load(() => api.channels(this.municipality)) : null
		]);
	}

	async add(person: NewMember): Promise<boolean> {
		return this.#change(async () => {
			const { member, password } = await this.#api.add(this.municipality, person);
			this.revealed = { username: member.username, password };
			return { action: 'added', member };
		});
	}

	async remove(member: StaffMember): Promise<boolean> {
		return this.#change(async () => {
			await this.#api.remove(this.municipality, member.id);
			return { action: 'removed', member };
		});
	}

	async resetPassword(member: StaffMember): Promise<boolean> {
		return this.#change(async () => {
			const { password } = await this.#api.resetPassword(member.id);
			this.revealed = { username: member.username, password };
			return { action: 'password_reset', member };
		});
	}

	/** The admin saved the password: it is gone from the screen, and from memory. */
	forgetPassword(): void {
		this.revealed = null;
	}

	async #change(run: () => Promise<Done>): Promise<boolean> {
		this.busy = true;
		this.error = null;
		this.done = null;
		this.revealed = null;
		try {
			this.done = await run();
			return true;
		} catch (error) {
			this.error = error;
			return false;
		} finally {
			this.busy = false;
			// Refused or not, the list and the log say what the server has now (a person removed by someone else, say).
			await this.load();
		}
	}
}
