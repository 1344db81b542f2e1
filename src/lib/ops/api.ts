import type { IncidentAction } from '../domain/lifecycle.ts';
import type { MergeBody, OnBehalfReport, OpsQueue, PanicAction, QueuePanic, SplitBody, StaffIncident } from './contract.ts';

/**
 * The console's one client (issue 15, docs/operators.md): a typed wrapper for every endpoint of
 * `src/lib/ops/contract.ts` and the staff sign-in API (server/auth/routes.ts).
 *
 * Every refusal is an `OpsApiError` carrying the server's `{ status, code, message }` (a network
 * failure is `status: 0, code: 'network'`). A 401 on anything but the sign-in endpoints means the
 * session expired: the client calls `onExpired` (the console's in-place sign-in dialog, see
 * `session.svelte.ts`), waits for it, and retries the request once, so an operator who was typing
 * loses nothing. When `onExpired` rejects (the operator gave up), the original 401 is thrown.
 */

export class OpsApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		/** Seconds to wait, from `retry-after` on a 429. */
		readonly retryAfter: number | null = null,
		/** The server's whole `error` object, for refusals that say more than a code (e.g. `problems` of `invalid_configuration`). */
		readonly detail: Record<string, unknown> | null = null
	) {
		super(message);
		this.name = 'OpsApiError';
	}
	/** The session ended (expired, signed out elsewhere, password changed); not a wrong password typed (401 `invalid_credentials`). */
	get unauthenticated(): boolean {
		return this.status === 401 && this.code !== 'invalid_credentials';
	}
	/** Decided on a stale view: someone else changed it first (409 `stale`). */
	get stale(): boolean {
		return this.status === 409;
	}
}

export interface OpsMembership {
	municipalityId: string;
	role: 'resident' | 'operator' | 'admin' | 'organisation';
}
export interface OpsUser {
	id: string;
	kind: 'resident' | 'staff';
	displayName: string | null;
	memberships: OpsMembership[];
}
export interface OpsSession {
	user: OpsUser;
	expiresAt: string;
}

export interface OpsApiOptions {
	fetch?: typeof fetch;
	/** Called on a 401 outside sign-in; resolves once signed in again (then the request is retried), rejects to give up. */
	onExpired?: (error: OpsApiError) => Promise<void>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

async function errorOf(response: Response): Promise<OpsApiError> {
	let code = `http_${response.status}`;
	let message = response.statusText || `HTTP ${response.status}`;
	let detail: Record<string, unknown> | null = null;
	try {
		const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
		if (typeof body.error?.code === 'string') code = body.error.code;
		if (typeof body.error?.message === 'string') message = body.error.message;
		if (typeof body.error === 'object' && body.error !== null) detail = body.error as Record<string, unknown>;
	} catch {
		// Not JSON (a proxy's page): keep the status.
	}
	const retry = Number(response.headers.get('retry-after'));
	return new OpsApiError(response.status, code, message, Number.isFinite(retry) && retry > 0 ? retry : null, detail);
}

const q = (municipality: string) => `municipality=${encodeURIComponent(municipality)}`;
const seg = (id: string) => encodeURIComponent(id);

export function createOpsApi(options: OpsApiOptions = {}) {
	const fetchImpl = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

	async function once<T>(method: Method, path: string, body: unknown): Promise<T> {
		let response: Response;
		try {
			response = await fetchImpl(path, {
				method,
				credentials: 'same-origin',
				headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
				...(body === undefined ? {} : { body: JSON.stringify(body) })
			});
		} catch (error) {
			throw new OpsApiError(0, 'network', error instanceof Error ? error.message : String(error));
		}
		if (!response.ok) throw await errorOf(response);
		if (response.status === 204) return undefined as T;
		return (await response.json()) as T;
	}

	/** A request that survives an expired session: sign in again in place, then retry once. */
	async function call<T>(method: Method, path: string, body?: unknown): Promise<T> {
		try {
			return await once<T>(method, path, body);
		} catch (error) {
			if (!(error instanceof OpsApiError) || !error.unauthenticated || !options.onExpired) throw error;
			try {
				await options.onExpired(error);
			} catch {
				throw error;
			}
			return once<T>(method, path, body);
		}
	}

	return {
		/**
		 * Any other endpoint, with the same refusals and in-place sign-in: the admin screens'
		 * clients (`src/lib/admin/*-api.ts`) are typed wrappers over it.
		 */
		request: call,
		/** Staff sign-in; 401 `invalid_credentials`, 429 with `retryAfter`. Never triggers `onExpired`. */
		signIn: (username: string, password: string) => once<OpsSession>('POST', '/api/auth/sign-in', { username, password }),
		signOut: () => once<void>('POST', '/api/auth/sign-out', undefined),
		/** Who is signed in, or null without a session. Never triggers `onExpired`. */
		me: async (): Promise<OpsSession | null> => {
			try {
				return await once<OpsSession>('GET', '/api/auth/me', undefined);
			} catch (error) {
				if (error instanceof OpsApiError && error.status === 401) return null;
				throw error;
			}
		},
		changePassword: (currentPassword: string, newPassword: string) =>
			call<OpsSession & { endedSessions: number }>('PUT', '/api/auth/password', { currentPassword, newPassword }),

		queue: (municipality: string) => call<OpsQueue>('GET', `/api/ops/queue?${q(municipality)}`),
		/** For an `EventSource`: events `incident` (QueueIncident), `panic` (QueuePanic), `ping`. */
		streamUrl: (municipality: string) => `/api/ops/stream?${q(municipality)}`,
		incident: (id: string) => call<StaffIncident>('GET', `/api/ops/incidents/${seg(id)}`),
		incidentAction: (id: string, action: IncidentAction) => call<StaffIncident>('POST', `/api/ops/incidents/${seg(id)}/actions`, action),
		merge: (id: string, body: MergeBody) => call<StaffIncident>('POST', `/api/ops/incidents/${seg(id)}/merge`, body),
		split: (reportId: string, body: SplitBody) => call<StaffIncident>('POST', `/api/ops/reports/${seg(reportId)}/split`, body),
		onBehalfReport: (report: OnBehalfReport) => call<{ reportId: string; incidentId: string }>('POST', '/api/ops/reports', report),
		panic: (id: string) => call<QueuePanic>('GET', `/api/ops/panics/${seg(id)}`),
		panicAction: (id: string, action: PanicAction) => call<QueuePanic>('POST', `/api/ops/panics/${seg(id)}/actions`, action)
	};
}

export type OpsApi = ReturnType<typeof createOpsApi>;

/** Operators and admins of a municipality use its console. */
export function staffMunicipalities(user: Pick<OpsUser, 'memberships'>): string[] {
	return user.memberships.filter((m) => m.role === 'operator' || m.role === 'admin').map((m) => m.municipalityId);
}

/** Where this user's account is a neighbourhood organisation's, which only reports on a resident's behalf (`/ops/new`). */
export function organisationMunicipalities(user: Pick<OpsUser, 'memberships'>): string[] {
	return user.memberships.filter((m) => m.role === 'organisation').map((m) => m.municipalityId);
}

/** Admins of a municipality also manage it: its settings, boundary and staff (`/ops/admin`). */
export function isAdminOf(user: Pick<OpsUser, 'memberships'> | null, municipality: string | null): boolean {
	return !!user && !!municipality && user.memberships.some((m) => m.municipalityId === municipality && m.role === 'admin');
}

let expiredHandler: ((error: OpsApiError) => Promise<void>) | null = null;

/** The console registers its in-place sign-in here (session.svelte.ts); without one, a 401 is thrown as is. */
export function onSessionExpired(handler: ((error: OpsApiError) => Promise<void>) | null): void {
	expiredHandler = handler;
}

/** The console's client: every page and component of `/ops` calls the server through it. */
export const opsApi: OpsApi = createOpsApi({
	onExpired: (error) => (expiredHandler ? expiredHandler(error) : Promise.reject(error))
});
