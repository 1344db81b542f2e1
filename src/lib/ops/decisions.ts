import { nextState, type IncidentActionName, type IncidentState } from '../domain/lifecycle.ts';
import type { StaffEvent } from './contract.ts';

/** The decisions of the panel, in the order it shows them. Messages and notes have their own forms. */
export const panelDecisions = ['acknowledge', 'call', 'dispatch', 'refer', 'close', 'reopen'] as const satisfies readonly IncidentActionName[];
export type PanelDecision = (typeof panelDecisions)[number];

/** What the panel offers in `state`: only what `nextState` allows. Pure. */
export function allowedDecisions(state: IncidentState): PanelDecision[] {
	return panelDecisions.filter((action) => nextState(state, action) !== null);
}

/** Decisions that cannot be taken back without another decision: they ask to confirm. */
export const confirmsFirst = (action: IncidentActionName | 'merge' | 'split'): boolean => action === 'close' || action === 'merge' || action === 'split';

/**
 * Who is handling the incident: the staff member of its latest acknowledgement or dispatch (after
 * a reopening, whoever takes it again), or null. Pure.
 */
export function handlerOf(timeline: readonly StaffEvent[]): { id: string; name: string | null; since: string; type: StaffEvent['type'] } | null {
	let handler: ReturnType<typeof handlerOf> = null;
	for (const event of [...timeline].sort((a, b) => a.seq - b.seq)) {
		if ((event.type === 'acknowledged' || event.type === 'dispatched') && event.actor) handler = { ...event.actor, since: event.at, type: event.type };
		if (event.type === 'closed' || event.type === 'referred') handler = null;
	}
	return handler;
}
