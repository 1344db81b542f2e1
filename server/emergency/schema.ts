import type { ColumnType } from 'kysely';

/** The `panic_alert` table (migration 0020). Registered in server/db/schema.ts's Database. */
export interface PanicAlertTable {
	id: string;
	municipality_id: string | null;
	municipality_source: 'location' | 'home' | null;
	priority: 'high';
	/** open → acknowledged → dispatched → closed (migration 0023). */
	status: 'open' | 'acknowledged' | 'dispatched' | 'closed';
	latitude: number | null;
	longitude: number | null;
	accuracy_m: number | null;
	claimed_at: string;
	received_at: ColumnType<string, string, never>;
	reporter_user_id: string | null;
	location_deleted_at: string | null;
	/** Bumped by every operator's decision, so one made on a stale view is refused (migration 0023). */
	version: ColumnType<number, number | undefined, number>;
	/** The unit or team dispatched. */
	unit: ColumnType<string | null, string | null | undefined, string | null>;
	updated_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** What an operator did with a panic alert, who and when (migration 0023). `note`: the closing note, emptied by retention. */
export interface PanicEventTable {
	id: string;
	alert_id: string;
	type: 'acknowledged' | 'dispatched' | 'closed';
	actor_id: string | null;
	at: string;
	note: string | null;
}

/** A one-time code with which a resident lets a contact see their panic alerts (migration 0021). */
export interface EmergencyInviteTable {
	code_hash: string;
	subject_user_id: string;
	created_at: string;
	expires_at: string;
}

/** The watcher sees the subject's panic alerts in their open app. Either side can end it. */
export interface EmergencyLinkTable {
	subject_user_id: string;
	watcher_user_id: string;
	created_at: string;
}

/** An encrypted contacts backup (migration 0022). The server cannot read `blob`. */
export interface EmergencyBackupTable {
	id_hash: string;
	owner_user_id: string;
	blob: string;
	updated_at: string;
}
