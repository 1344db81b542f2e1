import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/index.ts';
import { listPublicMunicipalities } from '../municipalities/repository.ts';
import { sendError, sendJson } from './respond.ts';

export interface ApiContext {
	config: Config;
	db: Db;
}

export type ApiHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

export interface ApiRoute {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	path: string;
	handler: ApiHandler;
}

/** The routes of the public HTTP API; later features add theirs through `extraRoutes`. */
export function createApi(ctx: ApiContext, extraRoutes: ApiRoute[] = []): ApiHandler {
	const routes: ApiRoute[] = [
		{ method: 'GET', path: '/api/health', handler: (_req, res) => sendJson(res, 200, { ok: true }) },
		{
			method: 'GET',
			path: '/api/config',
			handler: async (_req, res) => {
				sendJson(res, 200, {
					publicUrl: ctx.config.publicUrl,
					tiles: ctx.config.tiles,
					municipalities: await listPublicMunicipalities(ctx.db)
				});
			}
		},
		...extraRoutes
	];
	return async (req, res, url) => {
		const matching = routes.filter((r) => r.path === url.pathname);
		if (matching.length === 0) return sendError(res, 404, 'not_found', `No API route ${url.pathname}`);
		const route = matching.find((r) => r.method === req.method);
		if (!route) {
			res.setHeader('allow', matching.map((r) => r.method).join(', '));
			return sendError(res, 405, 'method_not_allowed', `${req.method} is not allowed on ${url.pathname}`);
		}
		await route.handler(req, res, url);
	};
}
