import { onSessionExpired, opsApi, OpsApiError, staffMunicipalities, type OpsApi, type OpsUser } from './api.ts';

/**
 * Who is signed in to the console, and the "session expired" state. While `expired` is true the
 * console layout shows its in-place sign-in dialog (SessionDialog.svelte) over the page, nothing
 * underneath is unmounted, and every request that met the 401 waits; `renewed()` (after a
 * successful sign-in) retries them all, `abandon()` lets them fail.
 */
export class OpsSessionState {
	user = $state<OpsUser | null>(null);
	/** 'loading' until `GET /api/auth/me` answered. */
	status = $state<'loading' | 'signed-in' | 'signed-out' | 'error'>('loading');
	expired = $state(false);
	#waiting: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
	#api: OpsApi;

	constructor(api: OpsApi = opsApi) {
		this.#api = api;
	}

	/** The municipalities this user may run the console of (operator or admin). */
	get municipalities(): string[] {
		return this.user ? staffMunicipalities(this.user) : [];
	}

	/** Reads who is signed in; used by the console layout's guard. */
	async load(): Promise<void> {
		try {
			const session = await this.#api.me();
			this.user = session?.user ?? null;
			this.status = session ? 'signed-in' : 'signed-out';
		} catch (error) {
			this.status = error instanceof OpsApiError && error.status === 401 ? 'signed-out' : 'error';
		}
	}

	signedIn(user: OpsUser): void {
		this.user = user;
		this.status = 'signed-in';
	}

	signedOut(): void {
		this.user = null;
		this.status = 'signed-out';
		this.abandon();
	}

	/** A request met a 401: show the dialog and wait for the operator to sign in again. */
	waitForSignIn = (): Promise<void> => {
		this.expired = true;
		return new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject }));
	};

	/** Signed in again in the dialog: retry what was waiting. */
	renewed(user: OpsUser): void {
		this.user = user;
		this.status = 'signed-in';
		this.expired = false;
		for (const w of this.#waiting.splice(0)) w.resolve();
	}

	/** The operator closed the dialog without signing in. */
	abandon(): void {
		this.expired = false;
		for (const w of this.#waiting.splice(0)) w.reject(new Error('sign-in abandoned'));
	}
}

export const opsSession = new OpsSessionState();
onSessionExpired(opsSession.waitForSignIn);
