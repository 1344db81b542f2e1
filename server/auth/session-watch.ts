import type { Db } from '../db/index.ts';
import type { Events } from '../events/cuadra.ts';

/**
 * Staff sessions can be deleted by another process: `npm run staff -- remove|reset-password` while
 * the server runs. This server cannot hear that, so it remembers the staff sessions it has served
 * and every few seconds looks which of them are gone from the store; for those it emits the same
 * revocation as a sign-out, and the sync server closes their sockets with 4401. Sessions deleted
 * through this server are revoked at once by whoever deletes them; this only catches the others.
 */
export class SessionWatch {
	/** Session hash → when it ends (epoch ms); an ended session's sockets close on their own. */
	private readonly seen = new Map<string, number>();
	private readonly timer: NodeJS.Timeout;

	constructor(
		private readonly db: Db,
		private readonly bus: Events,
		everyMs = 5_000
	) {
		this.timer = setInterval(() => void this.check().catch(() => {}), everyMs);
		this.timer.unref();
	}

	remember(sessionHash: string, expiresAt: number): void {
		this.seen.set(sessionHash, expiresAt);
	}

	/** Revokes the remembered sessions that are no longer in the store; resolves to how many. */
	async check(now = Date.now()): Promise<number> {
		for (const [hash, expiresAt] of this.seen) if (expiresAt <= now) this.seen.delete(hash);
		const hashes = [...this.seen.keys()];
		let gone = 0;
		for (let i = 0; i < hashes.length; i += 500) {
			const chunk = hashes.slice(i, i + 500);
			const rows = await this.db.selectFrom('session').select('token_hash').where('token_hash', 'in', chunk).execute();
			const live = new Set(rows.map((r) => r.token_hash));
			for (const hash of chunk) {
				if (live.has(hash)) continue;
				this.seen.delete(hash);
				void this.bus.publish('session.revoked', { sessionHash: hash });
				gone++;
			}
		}
		return gone;
	}

	stop(): void {
		clearInterval(this.timer);
	}
}
