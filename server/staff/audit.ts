import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import type { StaffAction, StaffLogEntry, StaffRole } from '../../src/lib/domain/staff.ts';
import { STAFF_ROLES } from './schema.ts';

export type { StaffAction, StaffLogEntry };

export interface StaffChange {
	/** Who acted: an admin over HTTP, the person themselves (their own password), or null for the server operator's command line. */
	actorId: string | null;
	action: StaffAction;
	userId: string;
	/** The role added or removed, and where. */
	municipalityId?: string;
	role?: StaffRole;
}

/**
 * Records changes to staff access, inside the transaction that makes them: a change is never
 * stored without its record, nor the record without the change. Append-only: nothing updates or
 * deletes these rows.
 */
export async function recordStaffChanges(tx: Transaction<Database>, changes: StaffChange[], at: string): Promise<void> {
	if (changes.length === 0) return;
	await tx
		.insertInto('staff_audit')
		.values(changes.map((c) => ({ id: randomUUID(), at, actor_id: c.actorId, action: c.action, user_id: c.userId, municipality_id: c.municipalityId ?? null, role: c.role ?? null })))
		.execute();
}

/**
 * The record, newest first: with `municipalityId`, the changes to roles there and to the passwords
 * of people who work there now or did (an admin's view); without, everything (the server operator's).
 */
export async function staffLog(db: Db, options: { municipalityId?: string; limit?: number } = {}): Promise<StaffLogEntry[]> {
	let query = db
		.selectFrom('staff_audit')
		.leftJoin('user as actor', 'actor.id', 'staff_audit.actor_id')
		.innerJoin('user as person', 'person.id', 'staff_audit.user_id')
		.select(['staff_audit.at', 'staff_audit.action', 'staff_audit.actor_id', 'actor.username as actorUsername', 'staff_audit.user_id', 'person.username as username', 'staff_audit.municipality_id', 'staff_audit.role']);
	const { municipalityId } = options;
	if (municipalityId !== undefined) {
		// Password changes name no municipality: they belong to every municipality the person works or worked for.
		const hadRoleThere = db.selectFrom('staff_audit').select('user_id').where('municipality_id', '=', municipalityId);
		const hasRoleThere = db.selectFrom('membership').select('user_id').where('municipality_id', '=', municipalityId).where('role', 'in', STAFF_ROLES);
		query = query.where((eb) =>
			eb.or([
				eb('staff_audit.municipality_id', '=', municipalityId),
				eb.and([eb('staff_audit.municipality_id', 'is', null), eb.or([eb('staff_audit.user_id', 'in', hadRoleThere), eb('staff_audit.user_id', 'in', hasRoleThere)])])
			])
		);
	}
	const rows = await query
		.orderBy('staff_audit.at', 'desc')
		.orderBy('staff_audit.id')
		.limit(options.limit ?? 500)
		.execute();
	return rows.map((r) => ({
		at: r.at,
		action: r.action,
		actor: r.actor_id === null ? null : { id: r.actor_id, username: r.actorUsername ?? null },
		user: { id: r.user_id, username: r.username },
		municipalityId: r.municipality_id,
		role: r.role
	}));
}
