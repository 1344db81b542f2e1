import type { ServerResponse } from 'node:http';
import type { PanicRow } from './repository.ts';

/** What a linked contact's app receives about a panic. No municipality, no status: only what helps them help. */
export interface LinkedAlert {
	id: string;
	subjectId: string;
	claimedAt: string;
	receivedAt: string;
	location: { latitude: number; longitude: number; accuracy: number | null } | null;
}

export function linkedAlert(row: PanicRow): LinkedAlert | null {
	if (!row.reporter_user_id) return null;
	return {
		id: row.id,
		subjectId: row.reporter_user_id,
		claimedAt: row.claimed_at,
		receivedAt: row.received_at,
		location: row.latitude !== null && row.longitude !== null ? { latitude: row.latitude, longitude: row.longitude, accuracy: row.accuracy_m } : null
	};
}

/** Open server-sent-event streams, by user: the "open app" of residents who are someone's contact. */
export class AlertStreams {
	readonly #byUser = new Map<string, Set<ServerResponse>>();
	#heartbeat: ReturnType<typeof setInterval> | undefined;

	constructor(heartbeatMs = 25_000) {
		this.#heartbeat = setInterval(() => this.#each((res) => res.write(': keep-alive\n\n')), heartbeatMs);
		this.#heartbeat.unref();
	}

	open(userId: string, res: ServerResponse): void {
		res.writeHead(200, {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			connection: 'keep-alive',
			'x-accel-buffering': 'no'
		});
		res.write('retry: 5000\n\n');
		const set = this.#byUser.get(userId) ?? new Set();
		set.add(res);
		this.#byUser.set(userId, set);
		res.on('close', () => {
			set.delete(res);
			if (set.size === 0) this.#byUser.delete(userId);
		});
	}

	send(res: ServerResponse, alert: LinkedAlert): void {
		res.write(`event: panic\nid: ${alert.id}\ndata: ${JSON.stringify(alert)}\n\n`);
	}

	/** Sends to every open stream of these users. Returns how many streams got it. */
	sendTo(userIds: readonly string[], alert: LinkedAlert): number {
		let n = 0;
		for (const userId of userIds) {
			for (const res of this.#byUser.get(userId) ?? []) {
				this.send(res, alert);
				n++;
			}
		}
		return n;
	}

	closeAll(): void {
		clearInterval(this.#heartbeat);
		this.#each((res) => res.end());
		this.#byUser.clear();
	}

	#each(fn: (res: ServerResponse) => void): void {
		for (const set of this.#byUser.values()) for (const res of set) fn(res);
	}
}
