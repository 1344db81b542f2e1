import type { ColumnType } from 'kysely';
import type { PanicAlertTable } from '../emergency/schema.ts';

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
	role: 'resident' | 'operator' | 'admin';
}

export interface Database {
	municipality: MunicipalityTable;
	category: CategoryTable;
	user: UserTable;
	membership: MembershipTable;
	panic_alert: PanicAlertTable;
}
