import type { ColumnType } from 'kysely';

/** The `panic_alert` table (migration 0020). Registered in server/db/schema.ts's Database. */
export interface PanicAlertTable {
	id: string;
	municipality_id: string | null;
	municipality_source: 'location' | 'home' | null;
	priority: 'high';
	status: 'open' | 'acknowledged' | 'closed';
	latitude: number | null;
	longitude: number | null;
	accuracy_m: number | null;
	claimed_at: string;
	received_at: ColumnType<string, string, never>;
	reporter_user_id: string | null;
	location_deleted_at: string | null;
}
