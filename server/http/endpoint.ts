import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { allowedOrigin } from '../auth/origin.ts';
import { roleIn, type Principal, type Role } from '../auth/principal.ts';
import { readBytes, readJson } from './body.ts';
import { clientAddress } from './client-address.ts';
import type { RateLimitStore, RateRule } from './rate-limit.ts';
import { Refusal } from './refusal.ts';
import { sendError, sendJson } from './respond.ts';

/**
 * One endpoint of `/api/*`, declared once: method and path, who may call it, the zod schemas of its
 * query and body, its rate limit, and the handler. Everything before the handler runs here, in the
 * same order for every endpoint (docs/architecture.md, "Adding an endpoint"):
 *
 * 1. Origin: every method but GET must come from Cuadra's own pages (403 `cross_origin`).
 * 2. Who: the session's principal; 401 `unauthenticated` when one is needed and there is none,
 *    403 when the principal lacks the kind or role.
 * 3. Query, then body: read, parsed and validated (400, 413, 415).
 * 4. The municipality the request names, for a role there (403 `forbidden`).
 * 5. The rate limit (429 with `retry-after`).
 * 6. The handler. It returns a reply, or answers on `res` itself (a stream, a file); it refuses by
 *    throwing a `Refusal`, which is answered as `{ error: { code, message } }`.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * - `anyone`: no session needed; the principal is given when there is one.
 * - `signed-in`: any session, a resident's or a staff member's.
 * - `staff`: a staff account (403 `not_staff` for a resident).
 * - `operator`: an operator or admin of the municipality `municipality` names (of any, without it).
 * - `admin`: an admin of the municipality `municipality` names (of any, without it).
 * - `on-behalf`: an operator, admin or neighbourhood organisation's account (`organisation`) of
 *   that municipality: who may enter a report on a resident's behalf, and nothing else.
 */
export type Who = 'anyone' | 'signed-in' | 'staff' | 'operator' | 'admin' | 'on-behalf';

/** The roles each role-bound `who` admits, in the municipality the request names (or anywhere, before it is read). */
const admitted: Record<'operator' | 'admin' | 'on-behalf', readonly Role[]> = {
	operator: ['operator', 'admin'],
	admin: ['admin'],
	'on-behalf': ['operator', 'admin', 'organisation']
};
/** `municipality` with another `who` asks for staff of it, as `operator` does. */
const rolesFor = (who: Who): readonly Role[] => (who === 'admin' || who === 'on-behalf' ? admitted[who] : admitted.operator);

/** A body that is not JSON: its bytes, of one content type. */
export interface BytesBody {
	bytes: { type: RegExp; limit: number; unsupported: { code: string; message: string } };
}

type Schema = z.ZodType | BytesBody | undefined;
type QuerySchema = z.ZodType | undefined;
type Out<S> = S extends BytesBody ? Uint8Array : S extends z.ZodType ? z.output<S> : undefined;

/** How a query or body that does not fit its schema is refused (400); the default is `invalid_request` naming the field. */
export interface Invalid {
	code: string;
	message: string | ((issue: { path: string; message: string }) => string);
}

export interface Input<B extends Schema, Q extends QuerySchema> {
	body: Out<B>;
	query: Out<Q>;
	/** The path's `:name` segments, decoded. */
	params: Record<string, string>;
}

export interface Call<B extends Schema, Q extends QuerySchema, W extends Who> extends Input<B, Q> {
	req: IncomingMessage;
	res: ServerResponse;
	url: URL;
	principal: W extends 'anyone' ? Principal | null : Principal;
	/** The client's network address (server/http/client-address.ts). */
	ip: string;
	limits: RateLimitStore;
}

export interface Limit<C> {
	/** Every rule's bucket is charged (a rule whose key is null does not apply to this call); the longest wait refuses. */
	rules: { rule: RateRule; key: (call: C) => string | null }[];
	cost?: number;
	/** `rate_limited` unless said. */
	code?: string;
	message: (waitSeconds: number) => string;
	/** A fixed `retry-after` in seconds instead of the bucket's wait. */
	retryAfter?: number;
}

/** A JSON answer; without `json`, an empty one (e.g. 204). */
export interface Reply {
	status: number;
	json?: unknown;
	headers?: Record<string, string>;
}

export interface EndpointSpec<B extends Schema, Q extends QuerySchema, W extends Who> {
	method: Method;
	/** An exact path, or one with `:name` segments, e.g. `/api/staff/:userId/password`. */
	path: string;
	who: W;
	query?: Q;
	body?: B;
	/** Largest JSON body in bytes; 8 KiB unless said. */
	bodyLimit?: number;
	invalid?: { query?: Invalid; body?: Invalid };
	/** For `operator`, `admin` and `on-behalf`: the municipality the request names. May throw a `Refusal` (e.g. 404). */
	municipality?: (input: Input<B, Q>) => string | Promise<string>;
	/** The 403 message for a principal without the kind or role `who` asks. */
	forbidden?: string | ((municipalityId: string | null) => string);
	limit?: Limit<Call<B, Q, W>>;
	handle(call: Call<B, Q, W>): Promise<Reply | void> | Reply | void;
}

/** What the layer needs from the server: where it is, who is asking, and the rate-limit store. */
export interface Layer {
	publicUrl: string;
	trustedProxies: readonly string[];
	principalOf(req: IncomingMessage): Promise<Principal | null>;
	limits: RateLimitStore;
}

export interface Endpoint {
	method: Method;
	path: string;
	run(layer: Layer, req: IncomingMessage, res: ServerResponse, url: URL, params: Record<string, string>): Promise<void>;
}

export const UNAUTHENTICATED = 'Not signed in, or the session has ended. Sign in again.';

export function reply(status: number, json?: unknown, headers?: Record<string, string>): Reply {
	return { status, json, headers };
}

/** Declares an endpoint; see the top of this file for what runs before `handle`. */
export function endpoint<B extends Schema = undefined, Q extends QuerySchema = undefined, W extends Who = Who>(spec: EndpointSpec<B, Q, W>): Endpoint {
	return {
		method: spec.method,
		path: spec.path,
		async run(layer, req, res, url, params) {
			try {
				if (spec.method !== 'GET' && !allowedOrigin(req, layer.publicUrl)) throw new Refusal(403, 'cross_origin', 'This request must come from Cuadra itself.');
				const principal = await layer.principalOf(req);
				checkWho(spec, principal);
				const query = spec.query ? (parse(spec.query, firstValues(url.searchParams), spec.invalid?.query, 'query') as Out<Q>) : (undefined as Out<Q>);
				const body = (await readBody(spec, req)) as Out<B>;
				const input: Input<B, Q> = { body, query, params };
				if (spec.municipality && principal) {
					const municipalityId = await spec.municipality(input);
					const role = roleIn(principal, municipalityId);
					if (!role || !rolesFor(spec.who).includes(role)) throw forbidden(spec, municipalityId);
				}
				const call = { ...input, req, res, url, principal, ip: clientAddress(req, layer.trustedProxies), limits: layer.limits } as Call<B, Q, W>;
				if (spec.limit) await charge(spec.limit, call, layer.limits);
				const answer = await spec.handle(call);
				if (answer) send(res, answer);
			} catch (error) {
				if (!(error instanceof Refusal)) throw error;
				if (res.headersSent) return void res.destroy();
				for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
				sendError(res, error.status, error.code, error.message);
			}
		}
	};
}

function forbidden(spec: { forbidden?: string | ((m: string | null) => string) }, municipalityId: string | null): Refusal {
	const message = typeof spec.forbidden === 'function' ? spec.forbidden(municipalityId) : (spec.forbidden ?? 'You may not do this.');
	return new Refusal(403, 'forbidden', message);
}

function checkWho(spec: { who: Who; forbidden?: string | ((m: string | null) => string) }, principal: Principal | null): void {
	if (spec.who === 'anyone') return;
	if (!principal) throw new Refusal(401, 'unauthenticated', UNAUTHENTICATED);
	if (spec.who === 'staff' && principal.kind !== 'staff') throw new Refusal(403, 'not_staff', typeof spec.forbidden === 'string' ? spec.forbidden : 'Only staff accounts may do this.');
	// A role somewhere first: someone who has it nowhere is refused before their input is read.
	if (spec.who === 'admin' || spec.who === 'operator' || spec.who === 'on-behalf') {
		const roles = admitted[spec.who];
		if (!principal.memberships.some((m) => roles.includes(m.role))) throw forbidden(spec, null);
	}
}

/** `?a=1&a=2` is `{ a: '1' }`, as `URLSearchParams.get` reads it. */
function firstValues(params: URLSearchParams): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [name, value] of params) if (!(name in values)) values[name] = value;
	return values;
}

function parse(schema: z.ZodType, raw: unknown, invalid: Invalid | undefined, what: 'query' | 'body'): unknown {
	const parsed = schema.safeParse(raw);
	if (parsed.success) return parsed.data;
	const first = parsed.error.issues[0];
	const issue = { path: first?.path.join('.') ?? '', message: first?.message ?? 'is invalid' };
	if (!invalid) throw new Refusal(400, 'invalid_request', `${issue.path || what} ${issue.message}`);
	throw new Refusal(400, invalid.code, typeof invalid.message === 'function' ? invalid.message(issue) : invalid.message);
}

const isBytes = (schema: z.ZodType | BytesBody): schema is BytesBody => 'bytes' in schema;

async function readBody(spec: { body?: Schema; bodyLimit?: number; invalid?: { body?: Invalid } }, req: IncomingMessage): Promise<unknown> {
	const schema = spec.body;
	if (!schema) return undefined;
	if (isBytes(schema)) {
		const { type, limit, unsupported } = schema.bytes;
		if (!type.test(req.headers['content-type'] ?? '')) throw new Refusal(415, unsupported.code, unsupported.message);
		return readBytes(req, limit);
	}
	return parse(schema, await readJson(req, spec.bodyLimit ?? 8 * 1024), spec.invalid?.body, 'body');
}

async function charge<C>(limit: Limit<C>, call: C, store: RateLimitStore): Promise<void> {
	let wait = 0;
	for (const { rule, key } of limit.rules) {
		const k = key(call);
		if (k !== null) wait = Math.max(wait, await store.take(rule, k, limit.cost ?? 1));
	}
	if (wait) throw new Refusal(429, limit.code ?? 'rate_limited', limit.message(wait), { 'retry-after': String(limit.retryAfter ?? wait) });
}

function send(res: ServerResponse, answer: Reply): void {
	if (answer.json !== undefined) return sendJson(res, answer.status, answer.json, answer.headers);
	res.writeHead(answer.status, { 'cache-control': 'no-store', ...answer.headers });
	res.end();
}
