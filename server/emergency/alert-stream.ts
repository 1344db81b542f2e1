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
