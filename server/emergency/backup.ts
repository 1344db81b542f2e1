import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/index.ts';

export const backupIdSchema = z.string().regex(/^[A-Za-z0-9_-]{32}$/, 'must be the 32-character id the app derives');
export const backupBodySchema = z.object({ id: backupIdSchema, blob: z.string().regex(/^[A-Za-z0-9_-]{20,8000}$/, 'must be the encrypted backup') }).strict();

const hashId = (id: string) => createHash('sha256').update(id, 'utf8').digest('hex');

export async function saveBackup(db: Db, owner: string, id: string, blob: string, now: string): Promise<'saved' | 'taken'> {
	const idHash = hashId(id);
	const existing = await db.selectFrom('emergency_backup').select('owner_user_id').where('id_hash', '=', idHash).executeTakeFirst();
	if (existing && existing.owner_user_id !== owner) return 'taken';
	if (existing) await db.updateTable('emergency_backup').set({ blob, updated_at: now }).where('id_hash', '=', idHash).execute();
	else await db.insertInto('emergency_backup').values({ id_hash: idHash, owner_user_id: owner, blob, updated_at: now }).execute();
	return 'saved';
}

export async function readBackup(db: Db, id: string): Promise<{ blob: string; updatedAt: string } | null> {
	const row = await db.selectFrom('emergency_backup').select(['blob', 'updated_at']).where('id_hash', '=', hashId(id)).executeTakeFirst();
	return row ? { blob: row.blob, updatedAt: row.updated_at } : null;
}

/** Only the account that made a backup deletes it. */
export async function deleteBackup(db: Db, owner: string, id: string): Promise<boolean> {
	const result = await db.deleteFrom('emergency_backup').where('id_hash', '=', hashId(id)).where('owner_user_id', '=', owner).executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}
