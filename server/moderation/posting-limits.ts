import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { SyncDocs } from '../sync/docs.ts';
import type { DocKind } from '../sync/kind.ts';
import { isStaffOf, type Principal } from '../auth/principal.ts';
import { Refusal } from '../http/refusal.ts';
import { MUNICIPALITY_AUTHOR } from '../../src/lib/domain/lifecycle.ts';
import { itemKey, type LiftInput, type LimitInput, type ModeratedItem, type ModerationReason, type OwnPostingLimit, type PostingLimitEntry } from '../../src/lib/domain/moderation.ts';
import { messageAuthor, placeOf } from './decisions.ts';
import { moderationStore } from './schema.ts';

/**
 * Posting limits (issue 16, item 3; docs/moderation.md): staff stop the author of a message from
 * writing in the municipality's threads until a date, with a reason; an admin may lift it early,
 * with a reason. Recorded in `posting_limit` (who, when, why, about which message); the sync server
 * enforces it through `PostingLimitGate`, per user, in every thread of the municipality.
 */

const DAY_MS = 86_400_000;
type Docs = Pick<SyncDocs, 'read'>;

/** A limit set or lifted, as `moderation.limited` carries it to the gate of every process. */
export interface LimitChange {
	userId: string;
	municipalityId: string;
	/** ISO end; null: lifted. */
	until: string | null;
	reason: ModerationReason | null;
}

/** Staff limit a message's author. 404: no such message; 422: the municipality's or a staff member's message; 409: limited already. */
export async function limitAuthor(db: Db, docs: Docs, actorId: string, input: LimitInput, municipalityId: string, now: Date = new Date()): Promise<LimitChange & { id: string; until: string }> {
	const author = await messageAuthor(db, docs, input.item);
	if (!author) throw new Refusal(404, 'not_found', 'This message is no longer in the thread.');
	if (author === MUNICIPALITY_AUTHOR) throw new Refusal(422, 'municipality_message', "The municipality's own messages have no resident to limit.");
	const store = moderationStore(db);
	const user = await store.selectFrom('user').select('kind').where('id', '=', author).executeTakeFirst();
	if (!user) throw new Refusal(404, 'not_found', "This message's author no longer has an account.");
	if (user.kind === 'staff') throw new Refusal(422, 'staff_author', 'Staff are not limited from writing: an admin manages their accounts.');
	const at = now.toISOString();
	const current = await inForce(db, author, municipalityId, at);
	if (current) throw new Refusal(409, 'already_limited', `This resident may not write in threads until ${current.until} already. Lift that limit first to set another.`);
	const id = randomUUID();
	const until = new Date(now.getTime() + input.days * DAY_MS).toISOString();
	await store
		.insertInto('posting_limit')
		.values({ id, municipality_id: municipalityId, user_id: author, item_key: itemKey(input.item), item: JSON.stringify(input.item), reason: input.reason, note: input.note || null, actor_id: actorId, at, until, lifted_at: null, lifted_by: null, lift_reason: null })
		.execute();
	return { id, userId: author, municipalityId, until, reason: input.reason };
}

async function inForce(db: Db, userId: string, municipalityId: string, at: string) {
	return moderationStore(db)
		.selectFrom('posting_limit')
		.select(['id', 'until'])
		.where('user_id', '=', userId)
		.where('municipality_id', '=', municipalityId)
		.where('lifted_at', 'is', null)
		.where('until', '>', at)
		.executeTakeFirst();
}

/** The municipality a limit belongs to; null: no such limit. */
export async function limitMunicipality(db: Db, id: string): Promise<string | null> {
	const row = await moderationStore(db).selectFrom('posting_limit').select('municipality_id').where('id', '=', id).executeTakeFirst();
	return row?.municipality_id ?? null;
}

/** An admin lifts a limit before its end. 404: no such limit; 409: lifted or ended already. */
export async function liftLimit(db: Db, actorId: string, input: LiftInput, now: Date = new Date()): Promise<LimitChange | null> {
	const at = now.toISOString();
	const store = moderationStore(db);
	const row = await store.selectFrom('posting_limit').select(['user_id', 'municipality_id', 'until', 'lifted_at']).where('id', '=', input.id).executeTakeFirst();
	if (!row) throw new Refusal(404, 'not_found', 'No such posting limit.');
	if (row.lifted_at !== null || row.until <= at) throw new Refusal(409, 'not_in_force', 'This limit has ended already.');
	const result = await store
		.updateTable('posting_limit')
		.set({ lifted_at: at, lifted_by: actorId, lift_reason: input.reason })
		.where('id', '=', input.id)
		.where('lifted_at', 'is', null)
		.executeTakeFirst();
	if (Number(result.numUpdatedRows) === 0) throw new Refusal(409, 'not_in_force', 'This limit has ended already.');
	return row.user_id ? { userId: row.user_id, municipalityId: row.municipality_id, until: null, reason: null } : null;
}

/** The limits in force in a municipality, soonest end first, for the console. */
export async function limitsInForce(db: Db, municipalityId: string, now: Date = new Date()): Promise<PostingLimitEntry[]> {
	const rows = await moderationStore(db)
		.selectFrom('posting_limit as l')
		.leftJoin('user', 'user.id', 'l.actor_id')
		.select(['l.id', 'l.item', 'l.reason', 'l.note', 'l.at', 'l.until', 'user.display_name', 'user.username'])
		.where('l.municipality_id', '=', municipalityId)
		.where('l.user_id', 'is not', null)
		.where('l.lifted_at', 'is', null)
		.where('l.until', '>', now.toISOString())
		.orderBy('l.until')
		.execute();
	const entries: PostingLimitEntry[] = [];
	for (const r of rows) {
		const item = JSON.parse(r.item) as ModeratedItem;
		const place = await placeOf(db, item);
		entries.push({ id: r.id, item, incidentId: place?.incidentId ?? null, reason: r.reason as ModerationReason, note: r.note, at: r.at, until: r.until, by: r.display_name ?? r.username ?? null });
	}
	return entries;
}

/** A resident's own limits in force: why and until when, never who set them. */
export async function ownLimits(db: Db, userId: string, now: Date = new Date()): Promise<OwnPostingLimit[]> {
	const rows = await moderationStore(db)
		.selectFrom('posting_limit')
		.select(['municipality_id', 'reason', 'until'])
		.where('user_id', '=', userId)
		.where('lifted_at', 'is', null)
		.where('until', '>', now.toISOString())
		.orderBy('until')
		.execute();
	return rows.map((r) => ({ municipalityId: r.municipality_id, reason: r.reason as ModerationReason, until: r.until }));
}

/**
 * What the sync server checks for every update a resident sends to a thread: the limits in force,
 * in memory (read from the store at start, then kept current by `moderation.limited` after each
 * decision commits). An ended limit stops counting at its end, with no event.
 */
export class PostingLimitGate {
	readonly #limits = new Map<string, Map<string, { until: number; reason: ModerationReason | null }>>();

	constructor(private readonly clock: () => number = Date.now) {}

	async load(db: Db): Promise<void> {
		const rows = await moderationStore(db)
			.selectFrom('posting_limit')
			.select(['user_id', 'municipality_id', 'until', 'reason'])
			.where('user_id', 'is not', null)
			.where('lifted_at', 'is', null)
			.where('until', '>', new Date(this.clock()).toISOString())
			.execute();
		for (const r of rows) if (r.user_id) this.apply({ userId: r.user_id, municipalityId: r.municipality_id, until: r.until, reason: r.reason as ModerationReason });
	}

	apply(change: LimitChange): void {
		let mine = this.#limits.get(change.userId);
		if (change.until === null) {
			mine?.delete(change.municipalityId);
			if (mine?.size === 0) this.#limits.delete(change.userId);
			return;
		}
		if (!mine) this.#limits.set(change.userId, (mine = new Map()));
		mine.set(change.municipalityId, { until: Date.parse(change.until), reason: change.reason });
	}

	/** The refusal for this person writing in a document of this municipality now; null: they may. Staff of the municipality are never limited. */
	refusal(principal: Pick<Principal, 'userId' | 'memberships'>, municipalityId: string | null): string | null {
		if (municipalityId === null) return null;
		const limit = this.#limits.get(principal.userId)?.get(municipalityId);
		if (!limit) return null;
		if (limit.until <= this.clock()) {
			this.apply({ userId: principal.userId, municipalityId, until: null, reason: null });
			return null;
		}
		if (isStaffOf(principal, municipalityId)) return null;
		return `the municipality has limited your writing in its threads until ${new Date(limit.until).toISOString()}${limit.reason ? ` (${limit.reason})` : ''}`;
	}
}

/** A thread kind whose documents the gate guards: the kind's rules as they are, plus the limit. */
export function withPostingLimits(kind: DocKind, gate: PostingLimitGate): DocKind {
	return { ...kind, writeLimit: (principal, facts) => gate.refusal(principal, facts.municipalityId) };
}
