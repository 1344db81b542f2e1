/**
 * Presence in the console's room `ops:<municipality>` (src/lib/ops/contract.ts): each open console
 * sets awareness `{ viewing: incidentId | null }`; the server stamps `user` (`{ id, role, name }`).
 * Pure: who else (not this person, on any of their tabs) has `incidentId` open.
 */
export interface Viewer {
	id: string;
	name: string | null;
}

export function viewersOf(states: ReadonlyMap<number, unknown>, incidentId: string, selfClientId: number, selfUserId: string | null): Viewer[] {
	const out = new Map<string, Viewer>();
	for (const [clientId, state] of states) {
		if (clientId === selfClientId || !state || typeof state !== 'object') continue;
		const { viewing, user } = state as { viewing?: unknown; user?: unknown };
		if (viewing !== incidentId || !user || typeof user !== 'object') continue;
		const { id, name } = user as { id?: unknown; name?: unknown };
		if (typeof id !== 'string' || id === selfUserId) continue;
		out.set(id, { id, name: typeof name === 'string' && name ? name : null });
	}
	return [...out.values()].sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
}
