import { z } from 'zod';
import { isStaffOf } from '../../auth/principal.ts';
import { reportEventTypes } from './report.ts';
import { storedIncidentFacts } from './stored-incident-facts.ts';
import type { DocKind } from './types.ts';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const text = (max: number) => z.string().trim().min(1).max(max);
/** Epoch milliseconds, not in the future (5 minutes of clock skew allowed). The device's claim. */
const at = z.number().int().min(0).refine((v) => v <= Date.now() + 5 * 60_000, 'is in the future');

/**
 * `incident:<id>`: the one thread of an event that several residents reported (docs/reports.md,
 * "Incidents"). Every report page of the incident shows it. The incident, its municipality and its
 * reporters come from the store (the server groups reports into incidents): members of the
 * municipality, its staff and any reporter of one of its reports write messages; the staff write
 * events; everyone else signed in reads. An incident the server does not know cannot be opened.
 */
export const incidentKind: DocKind = {
	name: 'incident',
	roots: {
		messages: {
			type: 'array',
			entry: z.strictObject({ id, author: id, text: text(1000), at }),
			writer: 'anyone',
			authorField: 'author',
			delete: 'own'
		},
		events: {
			type: 'array',
			entry: z.strictObject({ id, author: id, type: z.enum(reportEventTypes), text: z.string().max(1000).optional(), referredTo: z.string().max(200).optional(), at }),
			writer: 'staff',
			authorField: 'author',
			delete: 'never'
		}
	},
	storedFacts: storedIncidentFacts,
	// Nothing in the document says whose it is: without the store's facts it belongs to nobody.
	facts: () => ({ creator: null, municipalityId: null }),
	access(principal, facts) {
		if (!facts.municipalityId) return 'none';
		if (facts.writers?.includes(principal.userId)) return 'write';
		if (principal.memberships.some((m) => m.municipalityId === facts.municipalityId) || isStaffOf(principal, facts.municipalityId)) return 'write';
		// Neighbouring municipalities read the thread, as they read the reports.
		return 'read';
	}
};
