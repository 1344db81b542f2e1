import { CloseCode, resetCodes } from './protocol.ts';

/**
 * What a client does when the server closes the socket:
 * - `reset`: the local document holds something the server refuses. Keep it as a draft, start a
 *   fresh document, resync. Never resend it as is (that would loop).
 * - `reauth`: sign in again (the session ended), then reconnect.
 * - `backoff`: wait before reconnecting (rate limited).
 * - `pause`: reconnect after a short random pause (the socket was too slow to keep up; sockets
 *   dropped together must not all come back at once).
 * - `reconnect`: y-websocket reconnects on its own with backoff (server restart, network).
 */
export type CloseAction = 'reset' | 'reauth' | 'backoff' | 'pause' | 'reconnect';

/** 1009: a message over the server's size limit, which y-websocket would otherwise resend forever. */
const MESSAGE_TOO_BIG = 1009;

export function actionFor(code: number): CloseAction {
	if (resetCodes.includes(code) || code === MESSAGE_TOO_BIG) return 'reset';
	if (code === CloseCode.sessionEnded) return 'reauth';
	if (code === CloseCode.rateLimited) return 'backoff';
	if (code === CloseCode.tooSlow) return 'pause';
	return 'reconnect';
}
