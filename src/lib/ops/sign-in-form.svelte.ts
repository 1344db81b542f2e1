import { opsApi, type OpsApi, type OpsUser } from './api.ts';
import { signInErrorText } from './errors.ts';

/**
 * What a staff sign-in form holds, shared by the sign-in page and the in-place sign-in dialog:
 * the two fields, the refusal in plain language, and whether it is waiting for the server.
 */
export class SignInForm {
	username = $state('');
	password = $state('');
	error = $state('');
	busy = $state(false);

	constructor(private readonly api: Pick<OpsApi, 'signIn'> = opsApi) {}

	/** Signs in with what was typed. The password is cleared either way; null when refused (see `error`). */
	async submit(): Promise<OpsUser | null> {
		this.busy = true;
		this.error = '';
		try {
			return (await this.api.signIn(this.username, this.password)).user;
		} catch (e) {
			this.error = signInErrorText(e);
			return null;
		} finally {
			this.password = '';
			this.busy = false;
		}
	}

	/** A fresh start (the dialog opening again): no refusal, no password; the username stays. */
	reset(): void {
		this.error = '';
		this.password = '';
	}
}
