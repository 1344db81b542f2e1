/**
 * The wire contract of Cuadra's sync server, shared by the server and the client.
 * docs/sync-protocol.md explains each value and what a client must do.
 */

/** Top-level message types (y-websocket's framing). */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

/** Sync sub-messages (y-protocols/sync). */
export const SyncStep = { step1: 0, step2: 1, update: 2 } as const;

/**
 * Acknowledgements: a saved change up to this size goes back to its sender as an Update; a larger
 * one (a long offline stretch) is acknowledged with the server's state vector (a SyncStep1), so it
 * does not travel twice.
 */
export const echoAckMaxBytes = 4096;

/**
 * Close codes. 4400–4499 tell y-websocket not to reconnect on its own: the client must act first.
 * Standard codes also used: 1001 (server stopping or document unloaded: reconnect), 1009 (message
 * over the size limit), 1011 (server error: reconnect with backoff).
 */
export const CloseCode = {
	/**
	 * The socket did not read what the server sent it fast enough (more than
	 * CUADRA_SYNC_SLOW_SOCKET_KIB waited for it): reconnect after a short, random pause; the
	 * SyncStep2 of the reconnection brings what was missed.
	 */
	tooSlow: 4008,
	/** The bytes could not be decoded (garbage, truncated, unknown message type). */
	badMessage: 4400,
	/** The session expired or was signed out while the socket was open. */
	sessionEnded: 4401,
	/** An update broke the document's rules (schema, author, permissions, deletion). */
	refused: 4403,
	/** The update used a Yjs clientID that belongs to another user in this document. */
	clientIdTaken: 4409,
	/** The update would make the document larger than the server allows. */
	docTooLarge: 4413,
	/** Too many messages from this user. */
	rateLimited: 4429
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/** Codes after which the local document holds changes the server will never accept. */
export const resetCodes: readonly number[] = [CloseCode.badMessage, CloseCode.refused, CloseCode.clientIdTaken, CloseCode.docTooLarge];

/** Room names: `<kind>:<id>`, e.g. `report:3f2a…`. */
export const roomPattern = /^([a-z][a-z-]{0,31}):([A-Za-z0-9_-]{1,64})$/;

/**
 * Kinds of room that carry no awareness (docs/sync-protocol.md §6): the server neither relays nor
 * keeps presence there, so clients send none. The server's kinds agree (a unit test checks).
 */
export const kindsWithoutAwareness: readonly string[] = ['feed'];
