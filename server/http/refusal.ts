/**
 * The one way a request is refused: thrown anywhere below an endpoint (the endpoint itself, or a
 * store it calls), answered by the HTTP layer as `{ error: { code, message } }` with `status` and
 * `headers`. Anything else thrown is a bug and answers 500.
 */
export class Refusal extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly headers: Record<string, string> = {}
	) {
		super(message);
	}
}
