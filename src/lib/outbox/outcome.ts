/** How one attempt to send ended, as an outbox sees it. */
export type SendOutcome = 'sent' | 'retry' | 'refused';

/**
 * Sorts an HTTP answer, the one rule every outbox follows: 2xx is sent; a 4xx other than 408
 * (timeout) and 429 (too many) means the server will never take this as it is, so retrying would
 * only drain the battery: refused; anything else (5xx, 408, 429) is a retry. A network failure
 * (no answer at all) is a retry too: see `sendOutcome`.
 */
export function outcomeOf(status: number): SendOutcome {
	if (status >= 200 && status < 300) return 'sent';
	if (status >= 400 && status < 500 && status !== 408 && status !== 429) return 'refused';
	return 'retry';
}

/**
 * Makes a request and sorts its answer with `outcomeOf`; a network failure (or an abort) is a
 * retry, never an error for the caller. Gives the response too, for a body to read.
 */
export async function sendOutcome(request: () => Promise<Response>): Promise<{ outcome: SendOutcome; response: Response | null }> {
	try {
		const response = await request();
		return { outcome: outcomeOf(response.status), response };
	} catch {
		return { outcome: 'retry', response: null };
	}
}
