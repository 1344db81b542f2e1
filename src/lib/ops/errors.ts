import { m } from '$lib/paraglide/messages.js';
import { OpsApiError } from './api.ts';

/** A sign-in refusal in plain language: wrong credentials, too many attempts, no network. */
export function signInErrorText(error: unknown): string {
	if (error instanceof OpsApiError) {
		if (error.status === 401) return m.ops_error_credentials();
		if (error.status === 429) return m.ops_error_rate({ minutes: Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60)) });
		if (error.status === 0) return m.ops_error_network();
		return m.ops_error_other({ message: error.message });
	}
	return m.ops_error_other({ message: String(error) });
}
