import { z } from 'zod';
import type { Db } from '../db/index.ts';
import { endpoint, reply, type Endpoint } from '../http/endpoint.ts';
import { checkMunicipalityConfig } from '../../src/lib/domain/municipality-config.ts';
import { municipalityChanges, municipalityConfig, saveMunicipality } from './store.ts';

const forbidden = (municipalityId: string | null) => (municipalityId ? `Only an admin of ${municipalityId} reads or changes its configuration.` : "Only a municipality's admins read or change its configuration.");
/** The configuration is checked whole in the handler, so that every problem is answered, not the first. */
const changeBody = z.strictObject({ config: z.unknown(), reason: z.string().trim().min(1).max(500).optional() });

/**
 * An admin reads and changes their own municipality's configuration, with the same schema and
 * store as `npm run municipality`: `GET|PUT /api/municipalities/:id/config`,
 * `GET /api/municipalities/:id/changes`. The admin screens (issue 17, item 3) will use them.
 */
export function municipalityEndpoints(ctx: { db: Db }): Endpoint[] {
	const { db } = ctx;
	const own = { who: 'admin', municipality: ({ params }: { params: Record<string, string> }) => params.id ?? '', forbidden } as const;
	return [
		endpoint({
			method: 'GET',
			path: '/api/municipalities/:id/config',
			...own,
			handle: async ({ params }) => reply(200, { config: await municipalityConfig(db, params.id ?? '') })
		}),
		endpoint({
			method: 'GET',
			path: '/api/municipalities/:id/changes',
			...own,
			handle: async ({ params }) => reply(200, { changes: await municipalityChanges(db, params.id ?? '') })
		}),
		endpoint({
			method: 'PUT',
			path: '/api/municipalities/:id/config',
			...own,
			body: changeBody,
			// A boundary with thousands of positions: up to 1 MiB.
			bodyLimit: 1024 * 1024,
			handle: async ({ params, body, principal }) => {
				const checked = checkMunicipalityConfig(body.config);
				if (!checked.ok) return reply(400, { error: { code: 'invalid_configuration', message: `The configuration has ${checked.problems.length} problem${checked.problems.length === 1 ? '' : 's'}; nothing was changed.`, problems: checked.problems } });
				if (checked.config.id !== params.id) return reply(400, { error: { code: 'invalid_configuration', message: 'The configuration is of another municipality; nothing was changed.', problems: [{ path: 'id', message: `must be "${params.id}"` }] } });
				const change = await saveMunicipality(db, checked.config, 'update', { actor: principal.userId, reason: body.reason });
				return reply(200, { changed: change.changed });
			}
		})
	];
}
