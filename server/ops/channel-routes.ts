import { z } from 'zod';
import type { ApiContext } from '../http/api.ts';
import { endpoint, reply, type Endpoint } from '../http/endpoint.ts';
import { channelCounts } from './channel-counts.ts';

const municipalityQuery = z.object({ municipality: z.string().regex(/^[a-z0-9-]{1,64}$/) });

/**
 * `GET /api/ops/channels?municipality=`: the municipality's reports by channel, and its
 * neighbourhood organisations' reports by account, for its admins (the organisation accounts'
 * screen, docs/operators.md).
 */
export function opsChannelEndpoints(ctx: ApiContext): Endpoint[] {
	return [
		endpoint({
			method: 'GET',
			path: '/api/ops/channels',
			who: 'admin',
			query: municipalityQuery,
			invalid: { query: { code: 'invalid_request', message: 'Say which municipality: ?municipality=<id>.' } },
			municipality: ({ query }) => query.municipality,
			forbidden: "Only this municipality's admins see how its reports arrive.",
			handle: async ({ query }) => reply(200, await channelCounts(ctx.db, query.municipality), { 'cache-control': 'no-store' })
		})
	];
}
