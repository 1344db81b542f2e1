import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ApiContext, ApiRoute } from '../http/api.ts';
import { sendError, sendJson } from '../http/respond.ts';
import { clientAddress } from '../http/client-address.ts';
import { allowedOrigin } from '../auth/origin.ts';
import { DEFAULT_STALE_AFTER_HOURS } from '../../src/lib/domain/report-staleness.ts';
import type { PublicReport } from '../../src/lib/domain/report.ts';
import { acceptReport } from './accept.ts';
import { incidentDecisionSchema, incidentMunicipality, listPublicReports, setIncidentStatus } from './feed.ts';
import { isStaffOf, type Principal } from '../auth/principal.ts';
import { RateLimiter } from '../auth/rate-limit.ts';
import { PHOTO_MAX_BYTES, readPhoto, storePhoto } from './photos.ts';

export interface ReportRouteOptions {
	/**
	 * The signed-in user behind the request, from the server's session, or null. Until accounts
	 * (issue 3) are wired here, reports are accepted without a reporter.
	 */
	reporterOf?: (req: IncomingMessage) => Promise<string | null>;
	/** The signed-in principal (issue 3's `auth.principalOf`), for operators' decisions. */
	principalOf?: (req: IncomingMessage) => Promise<Principal | null>;
	staleAfterHours?: number;
	/**
	 * Runs after a report is accepted (and its transaction committed), also when it was already:
	 * writes its public document `report:<id>` (server/reports/report-doc.ts). Must not throw.
	 */
	publish?: (report: PublicReport) => Promise<void>;
	/** Runs after an operator's decision is recorded: writes the incident's reports into the feed document. Must not throw. */
	decided?: (incidentId: string) => Promise<void>;
	/** Reports per hour: a signed-in resident, and one network address without a session. */
	limits?: { perResident: number; perNetwork: number };
}

/**
 * Enough for any resident (a busy night is a handful of reports); a flood is slowed, not stored.
 * Networks get more: many phones share one address behind a mobile carrier.
 */
export const REPORT_LIMITS = { perResident: 20, perNetwork: 60 } as const;

class BodyError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super(message);
	}
}

async function readJsonBody(req: IncomingMessage, limit = 16 * 1024): Promise<unknown> {
	if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
		throw new BodyError(415, 'unsupported_media_type', 'Send the report as JSON with content-type: application/json.');
	}
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limit) throw new BodyError(413, 'too_large', `The report is over ${limit} bytes.`);
		chunks.push(chunk);
	}
	try {
		return JSON.parse(Buffer.concat(chunks).toString('utf8'));
	} catch {
		throw new BodyError(400, 'invalid_json', 'The report is not valid JSON.');
	}
}

async function readBytes(req: IncomingMessage, limit: number): Promise<Uint8Array> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limit) throw new BodyError(413, 'too_large', `The photo is over ${limit} bytes.`);
		chunks.push(chunk);
	}
	return new Uint8Array(Buffer.concat(chunks));
}

const photoQuery = z.object({ id: z.uuid() });

const feedQuery = z.object({ municipality: z.string().regex(/^[a-z0-9-]{1,64}$/) });

/**
 * `POST /api/reports` (send one report) and `GET /api/reports?municipality=` (the feed as JSON, for
 * tests and tools that do not speak the sync protocol; devices read `feed:<m>` over sync).
 */
export function reportRoutes(ctx: ApiContext, options: ReportRouteOptions = {}): ApiRoute[] {
	const reporterOf = options.reporterOf ?? (async () => null);
	const staleAfterHours = options.staleAfterHours ?? DEFAULT_STALE_AFTER_HOURS;
	const principalOf = options.principalOf ?? (async () => null);
	const limits = options.limits ?? REPORT_LIMITS;
	const publish = options.publish ?? (async () => {});
	const decided = options.decided ?? (async () => {});
	const perResident = new RateLimiter(limits.perResident, limits.perResident / 3600);
	const perNetwork = new RateLimiter(limits.perNetwork, limits.perNetwork / 3600);
	/** Seconds to wait, or 0. Photos cost a third of a report (up to three per report). */
	const wait = (req: IncomingMessage, reporter: string | null, cost: number) =>
		reporter ? perResident.take(reporter, cost) : perNetwork.take(clientAddress(req, ctx.config.trustedProxies), cost);
	const tooMany = (res: ServerResponse, seconds: number) => {
		res.setHeader('retry-after', String(seconds));
		sendError(res, 429, 'rate_limited', `Too many reports from here. Try again in ${seconds} seconds.`);
	};
	return [
		{
			method: 'POST',
			path: '/api/reports',
			handler: async (req, res) => {
				// A session cookie must not be ridden from another site.
				if (!allowedOrigin(req, ctx.config.publicUrl)) return sendError(res, 403, 'cross_origin', 'Reports must be sent from Cuadra itself.');
				let body: unknown;
				try {
					body = await readJsonBody(req);
				} catch (error) {
					if (error instanceof BodyError) return sendError(res, error.status, error.code, error.message);
					throw error;
				}
				const reporter = await reporterOf(req);
				const seconds = wait(req, reporter, 1);
				if (seconds) return tooMany(res, seconds);
				const result = await acceptReport(ctx.db, reporter, body);
				if (!result.ok) return sendError(res, result.status, result.code, result.message);
				// Before answering, so the report's document exists when the device opens it.
				await publish(result.receipt.report);
				sendJson(res, result.created ? 201 : 200, result.receipt);
			}
		},
		{
			method: 'POST',
			path: '/api/reports/incident-status',
			handler: async (req, res) => {
				if (!allowedOrigin(req, ctx.config.publicUrl)) return sendError(res, 403, 'cross_origin', 'Decisions must be sent from Cuadra itself.');
				const principal = await principalOf(req);
				if (!principal) return sendError(res, 401, 'unauthenticated', 'Sign in as staff of the municipality first.');
				let body: unknown;
				try {
					body = await readJsonBody(req);
				} catch (error) {
					if (error instanceof BodyError) return sendError(res, error.status, error.code, error.message);
					throw error;
				}
				const parsed = incidentDecisionSchema.safeParse(body);
				if (!parsed.success) return sendError(res, 400, 'invalid_decision', 'Say which incident and the new status; closing needs a message of 3 to 500 characters for the public.');
				const municipality = await incidentMunicipality(ctx.db, parsed.data.incidentId);
				if (!municipality) return sendError(res, 404, 'not_found', 'No such incident.');
				if (!isStaffOf(principal, municipality)) return sendError(res, 403, 'forbidden', "Only this municipality's operators and admins decide on its incidents.");
				await setIncidentStatus(ctx.db, parsed.data.incidentId, parsed.data.status, parsed.data.message ?? null, new Date(), principal.userId);
				// Before answering, so whoever decided sees the feed already changed.
				await decided(parsed.data.incidentId);
				sendJson(res, 200, { incidentId: parsed.data.incidentId, status: parsed.data.status });
			}
		},
		{
			method: 'PUT',
			path: '/api/reports/photo',
			handler: async (req, res, url) => {
				if (!allowedOrigin(req, ctx.config.publicUrl)) return sendError(res, 403, 'cross_origin', 'Photos must be sent from Cuadra itself.');
				const query = photoQuery.safeParse({ id: url.searchParams.get('id') ?? undefined });
				if (!query.success) return sendError(res, 400, 'invalid_query', 'Say which photo: /api/reports/photo?id=<uuid>.');
				if (!/^image\/jpeg\b/i.test(req.headers['content-type'] ?? '')) return sendError(res, 415, 'not_jpeg', 'Send the photo as image/jpeg.');
				let bytes: Uint8Array;
				try {
					bytes = await readBytes(req, PHOTO_MAX_BYTES);
				} catch (error) {
					if (error instanceof BodyError) return sendError(res, error.status, error.code, error.message);
					throw error;
				}
				const uploader = await reporterOf(req);
				const seconds = wait(req, uploader, 1 / 3);
				if (seconds) return tooMany(res, seconds);
				const result = await storePhoto(ctx.db, query.data.id, bytes, uploader);
				if (!result.ok) return sendError(res, result.status, result.code, result.message);
				sendJson(res, result.created ? 201 : 200, { id: query.data.id });
			}
		},
		{
			method: 'GET',
			path: '/api/reports/photo',
			handler: async (_req, res, url) => {
				const query = photoQuery.safeParse({ id: url.searchParams.get('id') ?? undefined });
				if (!query.success) return sendError(res, 400, 'invalid_query', 'Say which photo: /api/reports/photo?id=<uuid>.');
				const bytes = await readPhoto(ctx.db, query.data.id);
				if (!bytes) return sendError(res, 404, 'not_found', 'No such photo.');
				res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length, 'cache-control': 'public, max-age=31536000, immutable' });
				res.end(Buffer.from(bytes));
			}
		},
		{
			method: 'GET',
			path: '/api/reports',
			handler: async (req, res, url) => {
				const query = feedQuery.safeParse({ municipality: url.searchParams.get('municipality') ?? undefined });
				if (!query.success) return sendError(res, 400, 'invalid_query', 'Say which municipality: /api/reports?municipality=<id>.');
				const exists = await ctx.db.selectFrom('municipality').select('id').where('id', '=', query.data.municipality).executeTakeFirst();
				if (!exists) return sendError(res, 404, 'unknown_municipality', `No municipality ${query.data.municipality}.`);
				const coarse = await ctx.db.selectFrom('category').select('key').where('municipality_id', '=', query.data.municipality).where('points_at_home', '=', 1).execute();
				const payload = JSON.stringify({
					municipality: query.data.municipality,
					staleAfterHours,
					coarseCategories: coarse.map((c) => c.key),
					reports: await listPublicReports(ctx.db, query.data.municipality)
				});
				// A client asking again for an unchanged feed gets a few hundred bytes, not the whole list.
				const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
				if (req.headers['if-none-match'] === etag) {
					res.writeHead(304, { etag, 'cache-control': 'no-cache' });
					res.end();
					return;
				}
				res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload), 'cache-control': 'no-cache', etag });
				res.end(payload);
			}
		}
	];
}
