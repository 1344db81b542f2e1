import type { ServerResponse } from 'node:http';

/** One open stream's session, so a revoked session's streams can be ended. */
interface Stream {
	sessionHash: string | null;
}

export interface EventStreamOptions {
	/** How often every open stream gets `heartbeat`, so proxies and the browser keep it open. */
	heartbeatMs?: number;
	/** What the heartbeat writes: a comment by default; `event: ping` for clients that watch for it. */
	heartbeat?: string;
}

/**
 * Open server-sent-event streams, grouped by a key (a user, a municipality's console), each
 * remembering its session. The one place that writes the event-stream format: the linked contacts'
 * alert stream (server/emergency/routes.ts) and the operators' console stream (server/ops/) use it.
 */
export class EventStreams {
	readonly #byKey = new Map<string, Map<ServerResponse, Stream>>();
	readonly #heartbeat: ReturnType<typeof setInterval>;

	constructor(options: EventStreamOptions = {}) {
		const beat = options.heartbeat ?? ': keep-alive\n\n';
		this.#heartbeat = setInterval(() => this.#each((res) => res.write(beat)), options.heartbeatMs ?? 25_000);
		this.#heartbeat.unref();
	}

	/** Answers `res` as an event stream kept under `key` until the client goes (or `endSession`, `closeAll`). */
	open(key: string, res: ServerResponse, sessionHash: string | null = null): void {
		res.writeHead(200, {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			connection: 'keep-alive',
			'x-accel-buffering': 'no'
		});
		res.write('retry: 5000\n\n');
		const streams = this.#byKey.get(key) ?? new Map<ServerResponse, Stream>();
		streams.set(res, { sessionHash });
		this.#byKey.set(key, streams);
		res.on('close', () => {
			streams.delete(res);
			if (streams.size === 0 && this.#byKey.get(key) === streams) this.#byKey.delete(key);
		});
	}

	/** Writes one event to one stream. */
	send(res: ServerResponse, event: string, data: unknown, id?: string): void {
		res.write(`event: ${event}\n${id ? `id: ${id}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
	}

	/** Writes one event to every open stream under these keys. Returns how many streams got it. */
	sendTo(keys: string | readonly string[], event: string, data: unknown, id?: string): number {
		let n = 0;
		for (const key of typeof keys === 'string' ? [keys] : keys) {
			for (const res of this.#byKey.get(key)?.keys() ?? []) {
				this.send(res, event, data, id);
				n++;
			}
		}
		return n;
	}

	/** How many streams are open under `key`. */
	count(key: string): number {
		return this.#byKey.get(key)?.size ?? 0;
	}

	/** Ends every stream opened with this session (signed out, removed, password changed). Returns how many. */
	endSession(sessionHash: string): number {
		let n = 0;
		for (const streams of this.#byKey.values()) {
			for (const [res, stream] of streams) {
				if (stream.sessionHash === sessionHash) {
					res.end();
					n++;
				}
			}
		}
		return n;
	}

	closeAll(): void {
		clearInterval(this.#heartbeat);
		this.#each((res) => res.end());
		this.#byKey.clear();
	}

	#each(fn: (res: ServerResponse) => void): void {
		for (const streams of this.#byKey.values()) for (const res of streams.keys()) fn(res);
	}
}
