import { m } from '$lib/paraglide/messages.js';
import { CloseCode } from '$lib/sync/protocol.ts';

/** What to tell the person when the server refused or ended their sync, in plain words. */
export function closeMessage(code: number): string {
	switch (code) {
		case CloseCode.refused:
		case CloseCode.clientIdTaken:
		case CloseCode.badMessage:
		case 1009:
			return m.account_sync_refused();
		case CloseCode.docTooLarge:
			return m.account_sync_full();
		case CloseCode.sessionEnded:
			return m.account_session_ended();
		case CloseCode.rateLimited:
			return m.account_sync_slow_down();
		default:
			return m.account_sync_offline();
	}
}
