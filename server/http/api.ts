import type { IncomingMessage, ServerResponse } from 'node:http';
import { TrieRouter } from 'hono/router/trie-router';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/index.ts';
import { listPublicMunicipalities } from '../municipalities/repository.ts';
import { endpoint, reply, type Endpoint, type Layer } from './endpoint.ts';
import { sendError, sendJsonCompressed } from './respond.ts';

export interface ApiContext {
	config: Config;
	db: Db;
}

/** Answers one `/api/*` request. */
export type Api = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

/** `GET /api/health` and `GET /api/config` (the public configuration every device keeps). */
export function coreEndpoints(ctx: ApiContext): Endpoint[] {
	return [
		endpoint({ method: 'GET', path: '/api/health', who: 'anyone', handle: () => reply(200, { ok: true }) }),
		endpoint({
			method: 'GET',
			path: '/api/config',
			who: 'anyone',
			// Every device fetches it on each start: gzipped when the client accepts it.
			handle: async ({ req, res }) => {
				sendJsonCompressed(req, res, 200, { publicUrl: ctx.config.publicUrl, tiles: ctx.config.tiles, municipalities: await listPublicMunicipalities(ctx.db) });
			}
		})
	];
}

type Found = { endpoint: Endpoint; params: Record<string, string> } | { allow: string[] } | null;

/**
 * Finds the endpoint for a method and path with Hono's TrieRouter (its RegExpRouter refuses a
 * static segment beside a `:name` one, `/api/staff/log` and `/api/staff/:userId`): the endpoint and its decoded
 * `:name` segments; else the methods the path has (405), or null (404). A segment that is not
 * valid percent-encoding matches nothing.
 */
export function createRouter(endpoints: readonly Endpoint[]): (method: string, pathname: string) => Found {
	const router = new TrieRouter<{ endpoint: Endpoint; anyMethod: boolean }>();
	for (const e of endpoints) {
		router.add(e.method, e.path, { endpoint: e, anyMethod: false });
		router.add('ALL', e.path, { endpoint: e, anyMethod: true });
	}
	return (method, pathname) => {
		const [matches] = router.match(method, pathname) as [[{ endpoint: Endpoint; anyMethod: boolean }, Record<string, string>][]];
		const exact = matches.find(([m]) => !m.anyMethod && m.endpoint.method === method);
		if (!exact) return matches.length ? { allow: [...new Set(matches.map(([m]) => m.endpoint.method))] } : null;
		const params: Record<string, string> = {};
		try {
			for (const [name, raw] of Object.entries(exact[1])) params[name] = decodeURIComponent(raw);
		} catch {
			return null;
		}
		return { endpoint: exact[0].endpoint, params };
	};
}

/** The public HTTP API: every feature's endpoints behind the one layer (server/http/endpoint.ts). */
export function createApi(layer: Layer, endpoints: readonly Endpoint[]): Api {
	const find = createRouter(endpoints);
	return async (req, res, url) => {
		const found = find(req.method ?? 'GET', url.pathname);
		if (!found) return sendError(res, 404, 'not_found', `No API route ${url.pathname}`);
		if ('allow' in found) {
			res.setHeader('allow', found.allow.join(', '));
			return sendError(res, 405, 'method_not_allowed', `${req.method} is not allowed on ${url.pathname}`);
		}
		await found.endpoint.run(layer, req, res, url, found.params);
	};
}
