import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { panicAlertSchema } from '../../src/lib/emergency/alert.ts';
import { allowedOrigin } from '../auth/origin.ts';
import { isStaffOf, type Principal } from '../auth/principal.ts';
import type { ApiContext, ApiRoute } from '../http/api.ts';
import { sendError, sendJson } from '../http/respond.ts';
import { clientAddress } from '../http/client-address.ts';
import { AlertStreams, linkedAlert } from './alert-stream.ts';
import { backupBodySchema, backupIdSchema, deleteBackup, readBackup, saveBackup } from './backup.ts';
import { BadBody, readSmallJson } from './body.ts';
import type { PanicEvents } from './events.ts';
import { createInvite, inviteCodePattern, linksOf, listLinks, normaliseCode, redeemInvite, unlink, watchersOf } from './links.ts';
import { listOpenPanics, recentAlertsFrom, recordPanic } from './repository.ts';
import { WindowLimit } from './window-limit.ts';

export interface EmergencyDeps {
	events: PanicEvents;
	/**
	 * The signed-in user behind a request, established by the server from a session (issue 3's
	 * `auth.principalOf`). Without it every alert is recorded without a reporter.
	 */
	principalOf?: (req: IncomingMessage) => Promise<Principal | null>;
	limit?: WindowLimit;
	now?: () => Date;
}

const redeemBody = z.object({ code: z.string().min(1).max(32) }).strict();
const idParam = z.string().min(1).max(64);

/**
 * The emergency API:
 * - `POST /api/panic`: a panic alert into the operator queue of its municipality; linked contacts' open apps are told.
 * - `GET /api/panic/queue?municipality=…`: that queue, for the municipality's staff.
 * - `POST /api/emergency/invites`, `POST /api/emergency/links`, `GET|DELETE /api/emergency/links`: linking contacts who use Cuadra.
 * - `GET /api/emergency/alerts`: a server-sent-event stream of the panic alerts of the people one is a contact of.
 * - `PUT|GET|DELETE /api/emergency/backup`: the optional contacts backup, encrypted on the device.
 */
export function emergencyRoutes(ctx: ApiContext, deps: EmergencyDeps): ApiRoute[] {
	const limit = deps.limit ?? new WindowLimit(30, 10 * 60 * 1000);
	const redeemLimit = new WindowLimit(10, 10 * 60 * 1000);
	const backupReads = new WindowLimit(20, 10 * 60 * 1000);
	const now = deps.now ?? (() => new Date());
	const principalOf = deps.principalOf ?? (async () => null);
	const streams = new AlertStreams();
	deps.events.onClose(() => streams.closeAll());
	deps.events.onAlert(({ alert, watchers }) => {
		const shared = linkedAlert(alert);
		if (shared) streams.sendTo(watchers, shared);
	});

	async function readBody(req: IncomingMessage, res: ServerResponse, limitBytes?: number): Promise<unknown> {
		if (!allowedOrigin(req, ctx.config.publicUrl)) {
			sendError(res, 403, 'cross_origin', 'This request must come from Cuadra itself.');
			return undefined;
		}
		try {
			return await readSmallJson(req, limitBytes);
		} catch (error) {
			if (error instanceof BadBody) {
				sendError(res, error.status, error.code, error.message);
				return undefined;
			}
			throw error;
		}
	}

	async function signedIn(req: IncomingMessage, res: ServerResponse): Promise<Principal | null> {
		const principal = await principalOf(req);
		if (!principal) sendError(res, 401, 'unauthenticated', 'Not signed in, or the session has ended. Open Cuadra again to sign in.');
		return principal;
	}

	return [
		{
			method: 'POST',
			path: '/api/panic',
			handler: async (req, res) => {
				const body = await readBody(req, res);
				if (body === undefined) return;
				const parsed = panicAlertSchema.safeParse(body);
				if (!parsed.success) {
					const issue = parsed.error.issues[0];
					return sendError(res, 400, 'invalid_alert', `The alert is not valid: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim());
				}
				// Who sent it comes from the session, never from the body.
				const reporter = (await principalOf(req))?.userId ?? null;
				// Signed-in residents are limited each on their own, so many phones behind one carrier address are not.
				if (!limit.allow(reporter ? `user:${reporter}` : `ip:${clientAddress(req, ctx.config.trustedProxies)}`)) {
					res.setHeader('retry-after', '60');
					return sendError(res, 429, 'too_many_alerts', 'Too many alerts from this connection. The app will try again by itself.');
				}
				const { row, created } = await recordPanic(ctx.db, parsed.data, { receivedAt: now().toISOString(), reporterUserId: reporter });
				if (created) deps.events.emitAlert({ alert: row, watchers: reporter ? await watchersOf(ctx.db, reporter) : [] });
				sendJson(res, created ? 201 : 200, { id: row.id, receivedAt: row.received_at, municipalityId: row.municipality_id });
			}
		},
		{
			method: 'GET',
			path: '/api/panic/queue',
			handler: async (req, res, url) => {
				const principal = await signedIn(req, res);
				if (!principal) return;
				const municipality = idParam.safeParse(url.searchParams.get('municipality'));
				if (!municipality.success) return sendError(res, 400, 'invalid_request', 'Say which municipality: ?municipality=<id>.');
				if (!isStaffOf(principal, municipality.data)) return sendError(res, 403, 'forbidden', "Only this municipality's operators and admins see its panic queue.");
				const rows = await listOpenPanics(ctx.db, municipality.data);
				sendJson(res, 200, {
					alerts: rows.map((r) => ({
						id: r.id,
						priority: r.priority,
						status: r.status,
						claimedAt: r.claimed_at,
						receivedAt: r.received_at,
						municipalitySource: r.municipality_source,
						location: r.latitude !== null && r.longitude !== null ? { latitude: r.latitude, longitude: r.longitude, accuracy: r.accuracy_m } : null,
						fromSignedInResident: r.reporter_user_id !== null
					}))
				});
			}
		},
		{
			method: 'POST',
			path: '/api/emergency/invites',
			handler: async (req, res) => {
				if (!allowedOrigin(req, ctx.config.publicUrl)) return sendError(res, 403, 'cross_origin', 'This request must come from Cuadra itself.');
				const principal = await signedIn(req, res);
				if (!principal) return;
				const invite = await createInvite(ctx.db, principal.userId, now());
				if (invite === 'too_many') return sendError(res, 409, 'too_many_links', 'Ten contacts already see your alerts. Remove one to add another.');
				sendJson(res, 201, invite);
			}
		},
		{
			method: 'POST',
			path: '/api/emergency/links',
			handler: async (req, res) => {
				const body = await readBody(req, res);
				if (body === undefined) return;
				const principal = await signedIn(req, res);
				if (!principal) return;
				const parsed = redeemBody.safeParse(body);
				const code = parsed.success ? normaliseCode(parsed.data.code) : '';
				if (!inviteCodePattern.test(code)) return sendError(res, 400, 'invalid_code', 'The code has 8 letters and numbers. Check it and try again.');
				if (!redeemLimit.allow(principal.userId)) {
					res.setHeader('retry-after', '600');
					return sendError(res, 429, 'rate_limited', 'Too many codes tried. Wait ten minutes and try again.');
				}
				const result = await redeemInvite(ctx.db, principal.userId, code, now());
				if (result === 'invalid_code') return sendError(res, 404, 'invalid_code', 'This code does not exist or has expired. Ask for a new one.');
				if (result === 'own_code') return sendError(res, 400, 'own_code', 'This is your own code. Give it to your contact instead.');
				if (result === 'too_many') return sendError(res, 409, 'too_many_links', 'This person already has ten contacts linked.');
				sendJson(res, result.created ? 201 : 200, { subjectId: result.subjectId });
			}
		},
		{
			method: 'GET',
			path: '/api/emergency/links',
			handler: async (req, res) => {
				const principal = await signedIn(req, res);
				if (!principal) return;
				sendJson(res, 200, await listLinks(ctx.db, principal.userId));
			}
		},
		{
			method: 'DELETE',
			path: '/api/emergency/links',
			handler: async (req, res, url) => {
				if (!allowedOrigin(req, ctx.config.publicUrl)) return sendError(res, 403, 'cross_origin', 'This request must come from Cuadra itself.');
				const principal = await signedIn(req, res);
				if (!principal) return;
				const subject = url.searchParams.get('subject');
				const watcher = url.searchParams.get('watcher');
				const other = subject ? { subjectId: subject } : watcher ? { watcherId: watcher } : null;
				if (!other) return sendError(res, 400, 'invalid_request', 'Say which link: ?subject=<id> or ?watcher=<id>.');
				if (!(await unlink(ctx.db, principal.userId, other))) return sendError(res, 404, 'not_found', 'There is no such link.');
				res.writeHead(204, { 'cache-control': 'no-store' });
				res.end();
			}
		},
		{
			method: 'PUT',
			path: '/api/emergency/backup',
			handler: async (req, res) => {
				const body = await readBody(req, res, 12 * 1024);
				if (body === undefined) return;
				const principal = await signedIn(req, res);
				if (!principal) return;
				const parsed = backupBodySchema.safeParse(body);
				if (!parsed.success) return sendError(res, 400, 'invalid_backup', `The backup is not valid: ${parsed.error.issues[0]?.path.join('.') ?? 'body'}`);
				const saved = await saveBackup(ctx.db, principal.userId, parsed.data.id, parsed.data.blob, now().toISOString());
				if (saved === 'taken') return sendError(res, 409, 'backup_taken', 'Another account owns this backup. Make a new recovery code.');
				res.writeHead(204, { 'cache-control': 'no-store' });
				res.end();
			}
		},
		{
			method: 'GET',
			path: '/api/emergency/backup',
			handler: async (req, res, url) => {
				const principal = await signedIn(req, res);
				if (!principal) return;
				const id = backupIdSchema.safeParse(url.searchParams.get('id'));
				if (!id.success) return sendError(res, 400, 'invalid_request', 'Say which backup: ?id=<id>.');
				if (!backupReads.allow(principal.userId)) {
					res.setHeader('retry-after', '600');
					return sendError(res, 429, 'rate_limited', 'Too many tries. Wait ten minutes and try again.');
				}
				const backup = await readBackup(ctx.db, id.data);
				if (!backup) return sendError(res, 404, 'not_found', 'There is no backup for this recovery code.');
				sendJson(res, 200, backup);
			}
		},
		{
			method: 'DELETE',
			path: '/api/emergency/backup',
			handler: async (req, res, url) => {
				if (!allowedOrigin(req, ctx.config.publicUrl)) return sendError(res, 403, 'cross_origin', 'This request must come from Cuadra itself.');
				const principal = await signedIn(req, res);
				if (!principal) return;
				const id = backupIdSchema.safeParse(url.searchParams.get('id'));
				if (!id.success) return sendError(res, 400, 'invalid_request', 'Say which backup: ?id=<id>.');
				if (!(await deleteBackup(ctx.db, principal.userId, id.data))) return sendError(res, 404, 'not_found', 'There is no backup of yours with this id.');
				res.writeHead(204, { 'cache-control': 'no-store' });
				res.end();
			}
		},
		{
			method: 'GET',
			path: '/api/emergency/alerts',
			handler: async (req, res) => {
				const principal = await signedIn(req, res);
				if (!principal) return;
				streams.open(principal.userId, res);
				// Alerts of the last hour, so a contact who opens the app a little later still sees them;
				// never one from before the link (a contact who links does not at once see an old alert).
				const since = new Date(now().getTime() - 60 * 60 * 1000).toISOString();
				const links = new Map((await linksOf(ctx.db, principal.userId)).map((l) => [l.subject, l.since]));
				for (const row of await recentAlertsFrom(ctx.db, [...links.keys()], since)) {
					const linkedSince = links.get(row.reporter_user_id ?? '');
					if (!linkedSince || row.received_at < linkedSince || row.claimed_at < linkedSince) continue;
					const shared = linkedAlert(row);
					if (shared) streams.send(res, shared);
				}
			}
		}
	];
}
