import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/index.ts';
import { listPublicMunicipalities } from '../municipalities/repository.ts';
import { sendError, sendJson, sendJsonCompressed } from './respond.ts';

export interface ApiContext {
	config: Config;
	db: Db;
}

/** `params` holds the path's `:name` segments, decoded (see `matchPath`). */
export type ApiHandler = (req: IncomingMessage, res: ServerResponse, url: URL, params: Record<string, string>) => Promise<void> | void;

export interface ApiRoute {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/** An exact path, or one with `:name` segments, e.g. `/api/staff/:userId/password`. */
	path: string;
	handler: ApiHandler;
}

/** The `:name` segments of `pathname` when it has the shape of `pattern`, else null. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
	if (!pattern.includes('/:')) return pattern === pathname ? {} : null;
	const want = pattern.split('/');
	const got = pathname.split('/');
	if (want.length !== got.length) return null;
	const params: Record<string, string> = {};
	for (const [i, segment] of want.entries()) {
		const value = got[i] ?? '';
		if (!segment.startsWith(':')) {
			if (segment !== value) return null;
			continue;
		}
		if (!value) return null;
		try {
			params[segment.slice(1)] = decodeURIComponent(value);
		} catch {
			return null;
		}
	}
	return params;
}

/** Answers one `/api/*` request. */
export type Api = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

/** The routes of the public HTTP API; later features add theirs through `extraRoutes`. */
export function createApi(ctx: ApiContext, extraRoutes: ApiRoute[] = []): Api {
	const routes: ApiRoute[] = [
		{ method: 'GET', path: '/api/health', handler: (_req, res) => sendJson(res, 200, { ok: true }) },
		{
			method: 'GET',
			path: '/api/config',
			handler: async (req, res) => {
				sendJsonCompressed(req, res, 200, {
					publicUrl: ctx.config.publicUrl,
					tiles: ctx.config.tiles,
					municipalities: await listPublicMunicipalities(ctx.db)
				});
			}
		},
		...extraRoutes
	];
	return async (req, res, url) => {
		const matching = routes.flatMap((route) => {
			const params = matchPath(route.path, url.pathname);
			return params ? [{ route, params }] : [];
		});
		if (matching.length === 0) return sendError(res, 404, 'not_found', `No API route ${url.pathname}`);
		const found = matching.find((m) => m.route.method === req.method);
		if (!found) {
			res.setHeader('allow', [...new Set(matching.map((m) => m.route.method))].join(', '));
			return sendError(res, 405, 'method_not_allowed', `${req.method} is not allowed on ${url.pathname}`);
		}
		await found.route.handler(req, res, url, found.params);
	};
}
