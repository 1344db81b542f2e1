import { createHash, randomInt } from 'node:crypto';
import type { Db } from '../db/index.ts';

/** Letters and digits that cannot be mistaken for each other when read aloud or copied by hand. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const INVITE_LENGTH = 8;
export const INVITE_TTL_MS = 24 * 60 * 60 * 1000;
/** The same limit as personal contacts on the device. */
export const MAX_LINKS = 10;

export function newInviteCode(): string {
	let code = '';
	for (let i = 0; i < INVITE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
	return code;
}

/** What a person types: case, spaces and dashes do not matter. */
export function normaliseCode(input: string): string {
	return input.toUpperCase().replace(/[\s-]/g, '');
}

export const inviteCodePattern = new RegExp(`^[${ALPHABET}]{${INVITE_LENGTH}}$`);

const hashCode = (code: string) => createHash('sha256').update(code, 'utf8').digest('hex');

export async function createInvite(db: Db, subjectUserId: string, now: Date): Promise<{ code: string; expiresAt: string } | 'too_many'> {
	if ((await countLinks(db, subjectUserId)) >= MAX_LINKS) return 'too_many';
	// One open invite per resident: a new code replaces the old one.
	await db.deleteFrom('emergency_invite').where('subject_user_id', '=', subjectUserId).execute();
	await db.deleteFrom('emergency_invite').where('expires_at', '<', now.toISOString()).execute();
	const code = newInviteCode();
	const expiresAt = new Date(now.getTime() + INVITE_TTL_MS).toISOString();
	await db.insertInto('emergency_invite').values({ code_hash: hashCode(code), subject_user_id: subjectUserId, created_at: now.toISOString(), expires_at: expiresAt }).execute();
	return { code, expiresAt };
}

export type RedeemResult = { subjectId: string; created: boolean } | 'invalid_code' | 'own_code' | 'too_many';

/** The watcher enters the subject's code: they become linked and the code is used up. */
export async function redeemInvite(db: Db, watcherUserId: string, code: string, now: Date): Promise<RedeemResult> {
	return db.transaction().execute(async (tx) => {
		const invite = await tx.selectFrom('emergency_invite').selectAll().where('code_hash', '=', hashCode(code)).executeTakeFirst();
		if (!invite || invite.expires_at < now.toISOString()) return 'invalid_code';
		if (invite.subject_user_id === watcherUserId) return 'own_code';
		const existing = await tx
			.selectFrom('emergency_link')
			.select('created_at')
			.where('subject_user_id', '=', invite.subject_user_id)
			.where('watcher_user_id', '=', watcherUserId)
			.executeTakeFirst();
		await tx.deleteFrom('emergency_invite').where('code_hash', '=', invite.code_hash).execute();
		if (existing) return { subjectId: invite.subject_user_id, created: false };
		const count = await tx
			.selectFrom('emergency_link')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('subject_user_id', '=', invite.subject_user_id)
			.executeTakeFirstOrThrow();
		if (Number(count.n) >= MAX_LINKS) return 'too_many';
		await tx.insertInto('emergency_link').values({ subject_user_id: invite.subject_user_id, watcher_user_id: watcherUserId, created_at: now.toISOString() }).execute();
		return { subjectId: invite.subject_user_id, created: true };
	});
}

async function countLinks(db: Db, subjectUserId: string): Promise<number> {
	const row = await db
		.selectFrom('emergency_link')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('subject_user_id', '=', subjectUserId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function listLinks(db: Db, userId: string): Promise<{ watching: { subjectId: string; since: string }[]; watchedBy: { watcherId: string; since: string }[] }> {
	const [watching, watchedBy] = await Promise.all([
		db.selectFrom('emergency_link').select(['subject_user_id', 'created_at']).where('watcher_user_id', '=', userId).orderBy('created_at').execute(),
		db.selectFrom('emergency_link').select(['watcher_user_id', 'created_at']).where('subject_user_id', '=', userId).orderBy('created_at').execute()
	]);
	return {
		watching: watching.map((r) => ({ subjectId: r.subject_user_id, since: r.created_at })),
		watchedBy: watchedBy.map((r) => ({ watcherId: r.watcher_user_id, since: r.created_at }))
	};
}

/** Ends a link from either side. Returns whether there was one. */
export async function unlink(db: Db, userId: string, other: { subjectId?: string; watcherId?: string }): Promise<boolean> {
	let query = db.deleteFrom('emergency_link');
	if (other.subjectId) query = query.where('subject_user_id', '=', other.subjectId).where('watcher_user_id', '=', userId);
	else if (other.watcherId) query = query.where('watcher_user_id', '=', other.watcherId).where('subject_user_id', '=', userId);
	else return false;
	const result = await query.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}

/** Who watches this resident: whose open apps a panic goes to. */
export async function watchersOf(db: Db, subjectUserId: string): Promise<string[]> {
	const rows = await db.selectFrom('emergency_link').select('watcher_user_id').where('subject_user_id', '=', subjectUserId).execute();
	return rows.map((r) => r.watcher_user_id);
}

/** Whom this resident watches, and since when (the link's creation). */
export async function linksOf(db: Db, watcherUserId: string): Promise<{ subject: string; since: string }[]> {
	const rows = await db.selectFrom('emergency_link').select(['subject_user_id', 'created_at']).where('watcher_user_id', '=', watcherUserId).execute();
	return rows.map((r) => ({ subject: r.subject_user_id, since: r.created_at }));
}

