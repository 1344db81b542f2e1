import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { allowedOrigin } from '../auth/origin.ts';
import { roleIn, type Principal } from '../auth/principal.ts';
import { BodyError, readJson } from '../auth/read-json.ts';
import type { Auth } from '../auth/routes.ts';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/index.ts';
import type { ApiRoute } from '../http/api.ts';
import { sendError, sendJson } from '../http/respond.ts';
import type { Logger } from '../log.ts';
import { staffLog } from './audit.ts';
import { confirmSchema, municipalityIdSchema, newStaffSchema } from './schema.ts';
import { addStaff, listStaff, removeStaff, resetStaffPassword, StaffRefused, type StaffAccount, type StaffRefusal } from './store.ts';

const statusOf: Record<StaffRefusal, number> = {
	unknown_municipality: 400,
	username_taken: 409,
	not_found: 404,
	own_account: 409,
	last_admin: 409,
	other_municipality: 403
};

/** One person as an admin of `municipalityId` sees them: their role there, no hash. */
function member(account: StaffAccount, municipalityId: string) {
	const role = account.memberships.find((m) => m.municipalityId === municipalityId)?.role ?? null;
	return { id: account.id, username: account.username, displayName: account.displayName, role, createdAt: account.createdAt, lastSignInAt: account.lastSignInAt };
}

/**
 * An admin manages the staff of their municipality: `GET|POST /api/staff`,
 * `DELETE /api/staff/:userId?municipality=…`, `POST /api/staff/:userId/password`.
 * The server operator does the same from `npm run staff` (server/staff/cli.ts).
 */
export function staffRoutes(ctx: { config: Config; db: Db; log: Logger; auth: Auth }): ApiRoute[] {
	const { config, db, log, auth } = ctx;

	/** The signed-in person if they are an admin somewhere, or null once an error has been answered. */
	async function signedInAdmin(req: IncomingMessage, res: ServerResponse): Promise<Principal | null> {
		const principal = await auth.principalOf(req);
		if (!principal) {
			sendError(res, 401, 'unauthenticated', 'Not signed in, or the session has ended. Sign in again.');
			return null;
		}
		if (!principal.memberships.some((m) => m.role === 'admin')) {
			sendError(res, 403, 'forbidden', "Only a municipality's admins manage its staff.");
			return null;
		}
		return principal;
	}

	/** False once a 403 has been answered. */
	function adminOf(res: ServerResponse, principal: Principal, municipalityId: string): boolean {
		if (roleIn(principal, municipalityId) === 'admin') return true;
		sendError(res, 403, 'forbidden', `Only an admin of ${municipalityId} manages its staff.`);
		return false;
	}

	/** The body, validated, or undefined once an error has been answered (`refusal`, if given, for a body that does not fit). */
	async function body<T>(req: IncomingMessage, res: ServerResponse, schema: z.ZodType<T>, refusal?: { code: string; message: string }): Promise<T | undefined> {
		let raw: unknown;
		try {
			raw = await readJson(req);
		} catch (error) {
			if (!(error instanceof BodyError)) throw error;
			sendError(res, error.status, error.code, error.message);
			return undefined;
		}
		const parsed = schema.safeParse(raw);
		if (parsed.success) return parsed.data;
		const issue = parsed.error.issues[0];
		sendError(res, 400, refusal?.code ?? 'invalid_request', refusal?.message ?? `${issue?.path.join('.') || 'body'} ${issue?.message ?? 'is invalid'}`);
		return undefined;
	}
	const confirmRemoval = { code: 'confirmation_required', message: "Send { \"confirm\": true } to remove this person's role." };
	const confirmReset = { code: 'confirmation_required', message: 'Send { "confirm": true } to reset this password: the current one stops working.' };

	const crossOrigin = (req: IncomingMessage, res: ServerResponse) => {
		if (allowedOrigin(req, config.publicUrl)) return false;
		sendError(res, 403, 'cross_origin', 'This request must come from Cuadra itself.');
		return true;
	};

	const answerRefusal = (res: ServerResponse, error: unknown) => {
		if (!(error instanceof StaffRefused)) throw error;
		sendError(res, statusOf[error.code], error.code, error.message);
	};

	const municipalityParam = (res: ServerResponse, url: URL): string | undefined => {
		const parsed = municipalityIdSchema.safeParse(url.searchParams.get('municipality'));
		if (parsed.success) return parsed.data;
		sendError(res, 400, 'invalid_request', 'Say which municipality: ?municipality=<id>.');
		return undefined;
	};

	/** `?municipality=<id>` when the signed-in person is an admin of it, or undefined once an error has been answered. */
	async function administered(req: IncomingMessage, res: ServerResponse, url: URL): Promise<string | undefined> {
		const principal = await signedInAdmin(req, res);
		if (!principal) return undefined;
		const municipalityId = municipalityParam(res, url);
		return municipalityId && adminOf(res, principal, municipalityId) ? municipalityId : undefined;
	}

	return [
		{
			method: 'GET',
			path: '/api/staff',
			handler: async (req, res, url) => {
				const municipalityId = await administered(req, res, url);
				if (municipalityId) sendJson(res, 200, { staff: (await listStaff(db, municipalityId)).map((a) => member(a, municipalityId)) });
			}
		},
		{
			method: 'GET',
			path: '/api/staff/log',
			handler: async (req, res, url) => {
				const municipalityId = await administered(req, res, url);
				if (municipalityId) sendJson(res, 200, { changes: await staffLog(db, { municipalityId }) });
			}
		},
		{
			method: 'POST',
			path: '/api/staff',
			handler: async (req, res) => {
				if (crossOrigin(req, res)) return;
				const principal = await signedInAdmin(req, res);
				if (!principal) return;
				const input = await body(req, res, newStaffSchema);
				if (!input || !adminOf(res, principal, input.municipalityId)) return;
				try {
					const { account, password } = await addStaff(db, input, { actor: principal.userId });
					log.info(`staff: an admin of ${input.municipalityId} added an ${input.role}`);
					sendJson(res, 201, { member: member(account, input.municipalityId), password });
				} catch (error) {
					answerRefusal(res, error);
				}
			}
		},
		{
			method: 'DELETE',
			path: '/api/staff/:userId',
			handler: async (req, res, url, params) => {
				if (crossOrigin(req, res)) return;
				const actor = await signedInAdmin(req, res);
				if (!actor) return;
				const municipalityId = municipalityParam(res, url);
				if (!municipalityId || !adminOf(res, actor, municipalityId) || !(await body(req, res, confirmSchema, confirmRemoval))) return;
				try {
					const change = await removeStaff(db, { id: params.userId ?? '' }, { municipalityId, actor: actor.userId });
					// Their sockets close now (4401): a role they no longer have must not keep writing.
					for (const hash of change.sessionHashes) auth.events.revoked(hash);
					log.info(`staff: an admin of ${municipalityId} removed an ${change.removed[0]?.role ?? 'account'}${change.accountClosed ? ' (no staff role left: sign-in closed)' : ''}`);
					sendJson(res, 200, { removed: { userId: change.userId, ...change.removed[0] }, accountClosed: change.accountClosed, sessionsEnded: change.sessionHashes.length });
				} catch (error) {
					answerRefusal(res, error);
				}
			}
		},
		{
			method: 'POST',
			path: '/api/staff/:userId/password',
			handler: async (req, res, _url, params) => {
				if (crossOrigin(req, res)) return;
				const actor = await signedInAdmin(req, res);
				if (!actor || !(await body(req, res, confirmSchema, confirmReset))) return;
				try {
					const change = await resetStaffPassword(db, { id: params.userId ?? '' }, { actor: actor.userId });
					for (const hash of change.sessionHashes) auth.events.revoked(hash);
					log.info('staff: an admin reset a staff password');
					sendJson(res, 200, { userId: change.userId, password: change.password, sessionsEnded: change.sessionHashes.length });
				} catch (error) {
					answerRefusal(res, error);
				}
			}
		}
	];
}
