import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log.ts';
import type { Api } from './api.ts';
import { sendError } from './respond.ts';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => void;

export interface HttpParts {
	api: Api;
	/** adapter-node's handler: static files, prerendered pages and the app shell. */
	app: Middleware;
	/** Websocket upgrades under /sync/ (the sync server). */
	sync?: UpgradeHandler;
	log: Logger;
}

/** One HTTP server: /api/* is ours, /sync/* upgrades to websockets, everything else is the app. */
export function createHttpServer(parts: HttpParts): Server {
	const server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (url.pathname.startsWith('/api/')) {
			Promise.resolve(parts.api(req, res, url)).catch((error: unknown) => {
				parts.log.error(`API ${req.method} ${url.pathname} failed`, error);
				if (!res.headersSent) sendError(res, 500, 'internal', 'Something went wrong on the server. Try again.');
				else res.destroy();
			});
			return;
		}
		// The icons' names carry no hash, so they are not immutable; a week is enough to skip them on
		// the next visits (the service worker precaches them too).
		if (url.pathname.startsWith('/icons/')) res.setHeader('cache-control', 'public, max-age=604800');
		parts.app(req, res, () => sendError(res, 404, 'not_found', `Nothing at ${url.pathname}`));
	});
	server.on('upgrade', (req, socket, head) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (parts.sync && url.pathname.startsWith('/sync/')) {
			parts.sync(req, socket, head, url);
			return;
		}
		socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
	});
	return server;
}
