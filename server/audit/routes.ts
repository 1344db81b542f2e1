import { z } from 'zod';
import type { Db } from '../db/index.ts';
import { endpoint, reply, type Endpoint } from '../http/endpoint.ts';
import type { SyncDocs } from '../sync/docs.ts';
import { municipalityIdSchema } from '../staff/schema.ts';
import { auditCsv, auditKinds, auditLog } from './log.ts';

const auditQuery = z.object({
	municipality: municipalityIdSchema,
	actor: z.string().min(1).max(64).optional(),
	kind: z.enum(auditKinds).optional(),
	from: z.iso.datetime({ offset: true }).optional(),
	to: z.iso.datetime({ offset: true }).optional(),
	limit: z.coerce.number().int().min(1).max(2000).optional()
});
const admins = {
	who: 'admin',
	query: auditQuery,
	invalid: { query: { code: 'invalid_request', message: 'Say which municipality (?municipality=<id>); kind, actor, from and to (ISO times) and limit are optional.' } },
	municipality: ({ query }: { query: z.output<typeof auditQuery> }) => query.municipality,
	forbidden: (municipalityId: string | null) => (municipalityId ? `Only an admin of ${municipalityId} reads its record of decisions.` : "Only a municipality's admins read its record of decisions.")
} as const;

const filterOf = (query: z.output<typeof auditQuery>) => ({ municipalityId: query.municipality, actorId: query.actor, kind: query.kind, from: query.from, to: query.to, limit: query.limit });

/**
 * The admins' record of every staff decision in their municipality (server/audit/log.ts):
 * `GET /api/audit?municipality=…[&actor&kind&from&to&limit]`, and the same as a CSV download,
 * `GET /api/audit.csv?…`. Staff names are in it: it is for the municipality's admins only.
 */
export function auditEndpoints(ctx: { db: Db; docs: Pick<SyncDocs, 'rollbacks'> }): Endpoint[] {
	const { db, docs } = ctx;
	return [
		endpoint({
			method: 'GET',
			path: '/api/audit',
			...admins,
			handle: async ({ query }) => reply(200, { entries: await auditLog(db, filterOf(query), docs) })
		}),
		endpoint({
			method: 'GET',
			path: '/api/audit.csv',
			...admins,
			handle: async ({ query, res }) => {
				const csv = auditCsv(await auditLog(db, { ...filterOf(query), limit: query.limit ?? 2000 }, docs));
				res.writeHead(200, {
					'content-type': 'text/csv; charset=utf-8',
					'content-disposition': `attachment; filename="cuadra-decisions-${query.municipality}.csv"`,
					'content-length': Buffer.byteLength(csv),
					'cache-control': 'no-store'
				});
				res.end(csv);
			}
		})
	];
}
