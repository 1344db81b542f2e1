import type { QueueIncident, QueuePanic } from './contract.ts';

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The queue's order (issue 15), shared by the server, which answers `GET /api/ops/queue` in it, and
 * the console, which keeps a live queue in it as stream events arrive. Panic alerts are always above
 * every incident (the console shows them in their own band, first).
 * - Incidents: open ones before closed ones; among the open, security before neighbourhood, then
 *   the oldest first (the one waiting longest); the closed, most recently changed first.
 * - Panic alerts: those not yet closed first, the oldest first; then the closed, most recent first.
 * Ties go by id, so the order is total and the same on every screen.
 */
export function compareQueueIncidents(a: QueueIncident, b: QueueIncident): number {
	const closedA = a.state === 'closed';
	const closedB = b.state === 'closed';
	if (closedA !== closedB) return closedA ? 1 : -1;
	if (closedA) return byText(b.updatedAt, a.updatedAt) || byText(a.id, b.id);
	if (a.group !== b.group) return a.group === 'security' ? -1 : 1;
	return byText(a.openedAt, b.openedAt) || byText(a.id, b.id);
}

export function compareQueuePanics(a: QueuePanic, b: QueuePanic): number {
	const closedA = a.status === 'closed';
	const closedB = b.status === 'closed';
	if (closedA !== closedB) return closedA ? 1 : -1;
	if (closedA) return byText(b.updatedAt, a.updatedAt) || byText(a.id, b.id);
	return byText(a.receivedAt, b.receivedAt) || byText(a.id, b.id);
}
