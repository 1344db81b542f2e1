import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Principal } from '../auth/principal.ts';
import type { ApiContext } from '../http/api.ts';
import { endpoint, reply, type Endpoint, type Limit } from '../http/endpoint.ts';
import { perWindow } from '../http/rate-limit.ts';
import { Refusal } from '../http/refusal.ts';
import { DEFAULT_STALE_AFTER_HOURS } from '../../src/lib/domain/report-staleness.ts';
import type { Events } from '../events/cuadra.ts';
import { acceptReport } from './accept.ts';
import { listPublicReports } from './feed.ts';
import { PHOTO_MAX_BYTES, readPhoto, storePhoto } from './photos.ts';
import { storedPublicReport } from './feed-doc.ts';

export interface ReportRouteOptions {
	/**
	 * `report.accepted` after a report is accepted (and its transaction committed), also when it was
	 * already. Its listeners write the report's document `report:<id>` and the feed document
	 * (server/reports/feed-doc.ts). Operators' decisions are server/ops/incident-routes.ts's.
	 */
	events: Events;
	staleAfterHours?: number;
	/** Reports per hour: a signed-in resident, and one network address without a session. */
	limits?: { perResident: number; perNetwork: number };
}

/**
 * Enough for any resident (a busy night is a handful of reports); a flood is slowed, not stored.
 * Networks get more: many phones share one address behind a mobile carrier.
 */
export const REPORT_LIMITS = { perResident: 20, perNetwork: 60 } as const;

const photoQuery = z.object({ id: z.uuid() });
const whichPhoto = { code: 'invalid_query', message: 'Say which photo: /api/reports/photo?id=<uuid>.' };
const reportIdParam = z.uuid();
const feedQuery = z.object({ municipality: z.string().regex(/^[a-z0-9-]{1,64}$/) });

/**
 * `POST /api/reports` (send one report), `PUT|GET /api/reports/photo` and `GET /api/reports?municipality=` (the feed as JSON, for tests and
 * tools that do not speak the sync protocol; devices read `feed:<m>` over sync).
 */
export function reportEndpoints(ctx: ApiContext, options: ReportRouteOptions): Endpoint[] {
	const staleAfterHours = options.staleAfterHours ?? DEFAULT_STALE_AFTER_HOURS;
	const limits = options.limits ?? REPORT_LIMITS;
	const { events } = options;
	const perResident = perWindow('reports per resident', limits.perResident, 3600);
	const perNetwork = perWindow('reports per network', limits.perNetwork, 3600);
	/** A signed-in resident's own budget, else their network's. Photos cost a third of a report (up to three per report). */
	const bySender = (cost: number): Limit<{ principal: Principal | null; ip: string }> => ({
		rules: [
			{ rule: perResident, key: (c) => c.principal?.userId ?? null },
			{ rule: perNetwork, key: (c) => (c.principal ? null : c.ip) }
		],
		cost,
		message: (seconds) => `Too many reports from here. Try again in ${seconds} seconds.`
	});

	return [
		endpoint({
			method: 'POST',
			path: '/api/reports',
			who: 'anyone',
			// Validated by acceptReport (pure of HTTP, shared with its spec), after the rate limit: a flood of bad reports is slowed too.
			body: z.unknown(),
			bodyLimit: 16 * 1024,
			limit: bySender(1),
			handle: async ({ body, principal }) => {
				const result = await acceptReport(ctx.db, principal?.userId ?? null, body);
				if (!result.ok) throw new Refusal(result.status, result.code, result.message);
				// Awaited before answering, so the report's document exists when the device opens it.
				await events.publish('report.accepted', { report: result.receipt.report, created: result.created });
				return reply(result.created ? 201 : 200, result.receipt);
			}
		}),
		endpoint({
			method: 'PUT',
			path: '/api/reports/photo',
			who: 'anyone',
			query: photoQuery,
			invalid: { query: whichPhoto },
			body: { bytes: { type: /^image\/jpeg\b/i, limit: PHOTO_MAX_BYTES, unsupported: { code: 'not_jpeg', message: 'Send the photo as image/jpeg.' } } },
			limit: bySender(1 / 3),
			handle: async ({ query, body, principal }) => {
				const result = await storePhoto(ctx.db, query.id, body, principal?.userId ?? null);
				if (!result.ok) throw new Refusal(result.status, result.code, result.message);
				return reply(result.created ? 201 : 200, { id: query.id });
			}
		}),
		endpoint({
			method: 'GET',
			path: '/api/reports/photo',
			who: 'anyone',
			query: photoQuery,
			invalid: { query: whichPhoto },
			handle: async ({ query, res }) => {
				const bytes = await readPhoto(ctx.db, query.id);
				if (!bytes) throw new Refusal(404, 'not_found', 'No such photo.');
				// Not immutable: the municipality may hide a photo (issue 16), and shared caches then keep it a day at most.
				res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length, 'cache-control': 'public, max-age=86400' });
				res.end(Buffer.from(bytes));
			}
		}),
		endpoint({
			method: 'GET',
			path: '/api/reports',
			who: 'anyone',
			query: feedQuery,
			invalid: { query: { code: 'invalid_query', message: 'Say which municipality: /api/reports?municipality=<id>.' } },
			handle: async ({ query, req, res }) => {
				const exists = await ctx.db.selectFrom('municipality').select('id').where('id', '=', query.municipality).executeTakeFirst();
				if (!exists) throw new Refusal(404, 'unknown_municipality', `No municipality ${query.municipality}.`);
				const coarse = await ctx.db.selectFrom('category').select('key').where('municipality_id', '=', query.municipality).where('points_at_home', '=', 1).execute();
				const payload = JSON.stringify({
					municipality: query.municipality,
					staleAfterHours,
					coarseCategories: coarse.map((c) => c.key),
					reports: await listPublicReports(ctx.db, query.municipality)
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
		}),
		// A shared link opened on a device that does not hold the feed: the public report only (never
		// who reported, the exact pin where the public one is coarse, nor anything private).
		endpoint({
			method: 'GET',
			path: '/api/reports/:id{[0-9a-fA-F-]{36}}',
			who: 'anyone',
			handle: async ({ params }) => {
				const id = reportIdParam.safeParse(params.id);
				const report = id.success ? await storedPublicReport(ctx.db, id.data) : null;
				if (!report) throw new Refusal(404, 'unknown_report', 'No such report.');
				return reply(200, report, { 'cache-control': 'no-cache' });
			}
		})
	];
}
