import { isStaffOf } from '../../auth/principal.ts';
import { eventsRoot, messagesRoot, moderationRoot, threadAwareness } from './thread.ts';
import type { DocKind } from '../../sync/kind.ts';

/**
 * `incident:<id>`: the one thread of an event that several residents reported (docs/reports.md,
 * "Incidents"). Every report page of the incident shows it. The incident, its municipality and its
 * reporters come from the store (the server groups reports into incidents): members of the
 * municipality, its staff and any reporter of one of its reports write messages; only the server
 * writes events (the public timeline); everyone else signed in reads. Once the incident is closed
 * (or merged into another) residents only read it; its staff keep writing. An incident the server
 * does not know cannot be opened.
 */
export const incidentKind: DocKind = {
	name: 'incident',
	roots: { messages: messagesRoot, events: eventsRoot, moderation: moderationRoot },
	awareness: threadAwareness,
	// Nothing in the document says whose it is: without the store's facts it belongs to nobody.
	facts: () => ({ creator: null, municipalityId: null }),
	access(principal, facts) {
		if (!facts.municipalityId) return 'none';
		// Closed (or merged away): its staff may still write; everyone else reads what was said.
		if (facts.closed) return isStaffOf(principal, facts.municipalityId) ? 'write' : 'read';
		if (facts.writers?.includes(principal.userId)) return 'write';
		if (principal.memberships.some((m) => m.municipalityId === facts.municipalityId) || isStaffOf(principal, facts.municipalityId)) return 'write';
		// Neighbouring municipalities read the thread, as they read the reports.
		return 'read';
	}
};
