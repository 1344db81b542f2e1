import { distanceMetres } from '../domain/geo.ts';
import { isOpenState } from '../domain/lifecycle.ts';
import type { QueueIncident } from './contract.ts';

export interface MergeCandidate {
	incident: QueueIncident;
	/** Metres from the incident being merged, or null when either has no pin. */
	metres: number | null;
}

/**
 * The open incidents of the queue this one could be merged into: not itself, not merged away;
 * nearest first (those without a pin after, newest first), at most `limit`. Pure.
 */
export function mergeCandidates(queue: readonly QueueIncident[], self: QueueIncident, limit = 8): MergeCandidate[] {
	return queue
		.filter((i) => i.id !== self.id && isOpenState(i.state) && !i.mergedInto)
		.map((incident) => ({ incident, metres: self.point && incident.point ? distanceMetres(self.point, incident.point) : null }))
		.sort((a, b) => (a.metres ?? Infinity) - (b.metres ?? Infinity) || b.incident.openedAt.localeCompare(a.incident.openedAt))
		.slice(0, limit);
}
