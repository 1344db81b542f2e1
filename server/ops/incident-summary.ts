import type { Selectable } from 'kysely';
import type { Channel, Referral } from '../../src/lib/domain/lifecycle.ts';
import type { QueueIncident } from '../../src/lib/ops/contract.ts';
import type { IncidentTable, ReportPrivateTable, ReportTable } from '../reports/schema.ts';

/** What the summary reads of each report: its public half's category and text, its private half's pin and typed place. */
export type SummaryReport = Pick<ReportTable, 'category' | 'description' | 'channel' | 'received_at'> & Pick<ReportPrivateTable, 'pin_lng' | 'pin_lat' | 'place_text' | 'category_retired'>;

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/**
 * One incident as its municipality's staff see it in the queue (src/lib/ops/contract.ts): the
 * first report's category, text, exact pin and typed place, every report's categories and
 * channels, and the categories its reports came with although the municipality had hidden them. Pure. `reports` are the incident's, in any order (they are sorted by arrival here).
 * Staff only: it holds the exact pin and the typed place, never the reporter.
 */
export function toQueueIncident(incident: Selectable<IncidentTable>, reports: readonly SummaryReport[]): QueueIncident {
	const ordered = [...reports].sort((a, b) => (a.received_at < b.received_at ? -1 : a.received_at > b.received_at ? 1 : 0));
	const first = ordered[0];
	const pinned = ordered.find((r) => r.pin_lng !== null && r.pin_lat !== null);
	return {
		id: incident.id,
		municipality: incident.municipality_id,
		state: incident.state,
		version: incident.version,
		group: incident.category_group,
		category: first?.category ?? '',
		categories: unique(ordered.map((r) => r.category)),
		retiredCategories: unique(ordered.filter((r) => r.category_retired === 1).map((r) => r.category)),
		description: first?.description ?? '',
		place: ordered.find((r) => r.place_text !== null)?.place_text ?? null,
		point: pinned ? [pinned.pin_lng as number, pinned.pin_lat as number] : null,
		reportCount: ordered.length,
		channels: unique(ordered.map((r) => r.channel as Channel)),
		openedAt: incident.opened_at,
		updatedAt: incident.updated_at ?? incident.closed_at ?? incident.opened_at,
		unit: incident.unit,
		referredTo: incident.referred_to ? (JSON.parse(incident.referred_to) as Referral) : null,
		outcome: incident.outcome,
		mergedInto: incident.merged_into
	};
}
