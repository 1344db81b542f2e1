import type { Channel, Referral } from '../../src/lib/domain/lifecycle.ts';
import type { QueueIncident } from '../../src/lib/ops/contract.ts';
import type { IncidentTable } from '../reports/schema.ts';

/** What a summary needs of each report of the incident (its public half and the private pin and place). */
export interface SummaryReport {
	category: string;
	description: string;
	channel: Channel;
	received_at: string;
	pin_lng: number | null;
	pin_lat: number | null;
	place_text: string | null;
}

/**
 * One incident as staff see it in the queue and at the top of its page (src/lib/ops/contract.ts):
 * the first report's category, description, exact pin and typed place. `reports` in any order;
 * the first received leads. Pure. Shared by the queue (server/ops/queue.ts) and the incident page.
 */
export function toQueueIncident(row: IncidentTable, reports: readonly SummaryReport[]): QueueIncident {
	const ordered = [...reports].sort((a, b) => a.received_at.localeCompare(b.received_at));
	const first = ordered[0];
	return {
		id: row.id,
		municipality: row.municipality_id,
		state: row.state,
		version: row.version,
		group: row.category_group,
		category: first?.category ?? '',
		categories: [...new Set(ordered.map((r) => r.category))],
		description: first?.description ?? '',
		place: first?.place_text ?? null,
		point: first && first.pin_lng !== null && first.pin_lat !== null ? [first.pin_lng, first.pin_lat] : null,
		reportCount: ordered.length,
		channels: [...new Set(ordered.map((r) => r.channel))],
		openedAt: row.opened_at,
		updatedAt: row.updated_at ?? row.opened_at,
		unit: row.unit,
		referredTo: row.referred_to ? (JSON.parse(row.referred_to) as Referral) : null,
		outcome: row.outcome,
		mergedInto: row.merged_into
	};
}
