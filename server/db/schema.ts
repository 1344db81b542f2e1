import type { ColumnType } from 'kysely';
import type { EmergencyBackupTable, EmergencyInviteTable, EmergencyLinkTable, PanicAlertTable, PanicEventTable } from '../emergency/schema.ts';

/** ISO-8601 timestamps are strings on both backends, set by the server, never by a client. */
type Timestamp = ColumnType<string, string | undefined, string>;

export interface MunicipalityTable {
	id: string;
	name: string;
	/** GeoJSON Polygon or MultiPolygon, as text. */
	boundary: string;
	/** JSON array of EmergencyNumber. */
	emergency_numbers: string;
	created_at: Timestamp;
	/** The whole configuration (src/lib/domain/municipality-config.ts), JSON; the columns above and `category` are written from it (migration 0030). */
	config: string | null;
}

/** Every change of a municipality's configuration (migration 0030). */
export interface MunicipalityChangeTable {
	id: string;
	municipality_id: string;
	/** null: the server operator's command line; else the admin's user id. */
	actor_id: string | null;
	action: 'added' | 'updated';
	at: string;
	/** The configuration it replaced, JSON; null when added. */
	previous: string | null;
	config: string;
	reason: string | null;
}

export interface CategoryTable {
	municipality_id: string;
	key: string;
	group: 'security' | 'neighbourhood';
	icon: string;
	/** JSON object: locale → label. */
	labels: string;
	hidden: ColumnType<number, number | undefined, number>;
	/** Set when the municipality does not handle this category: who does. */
	handled_by: string | null;
	position: number;
	/** 1 when the category points at a home: the public sees only a coarse cell (migration 0010). */
	points_at_home: ColumnType<number, number | undefined, number>;
}

export interface UserTable {
	id: string;
	kind: 'resident' | 'staff';
	/** Staff sign-in name; null for residents, who are pseudonymous. */
	username: string | null;
	password_hash: string | null;
	display_name: string | null;
	created_at: Timestamp;
}

export interface MembershipTable {
	user_id: string;
	municipality_id: string;
	role: 'resident' | 'operator' | 'admin' | 'organisation';
}

/** A signed-in device. Only the SHA-256 of the session token is stored. */
export interface SessionTable {
	token_hash: string;
	user_id: string;
	created_at: Timestamp;
	expires_at: string;
}

/** A resident's pseudonymous device credential: the SHA-256 of a random secret the device keeps. */
export interface ResidentCredentialTable {
	secret_hash: string;
	user_id: string;
	created_at: Timestamp;
}

/** An accepted Yjs update (or, after compaction, a merged run of them). */
export interface SyncUpdateTable {
	doc: string;
	seq: number;
	data: Uint8Array;
	created_at: Timestamp;
}

/** The user a Yjs clientID was bound to at first use, per document. */
export interface SyncClientTable {
	doc: string;
	client_id: number;
	user_id: string;
	created_at: Timestamp;
}

/** Append-only: who wrote, or tried to write, which update to which document, and when. */
export interface SyncAuditTable {
	doc: string;
	seq: number | null;
	user_id: string;
	outcome: 'accepted' | 'refused';
	reason: string | null;
	bytes: number;
	created_at: Timestamp;
}

/** Changes to staff access (server/staff/audit.ts). `actor_id` null: the server operator's command line. */
export interface StaffAuditTable {
	id: string;
	at: Timestamp;
	actor_id: string | null;
	action: 'added' | 'removed' | 'password_reset' | 'password_changed';
	user_id: string;
	municipality_id: string | null;
	role: 'operator' | 'admin' | 'organisation' | null;
}

export interface Database {
	municipality: MunicipalityTable;
	municipality_change: MunicipalityChangeTable;
	category: CategoryTable;
	user: UserTable;
	membership: MembershipTable;
	session: SessionTable;
	resident_credential: ResidentCredentialTable;
	sync_update: SyncUpdateTable;
	sync_client: SyncClientTable;
	sync_audit: SyncAuditTable;
	staff_audit: StaffAuditTable;
	panic_alert: PanicAlertTable;
	panic_event: PanicEventTable;
	emergency_invite: EmergencyInviteTable;
	emergency_link: EmergencyLinkTable;
	emergency_backup: EmergencyBackupTable;
}
