import { z } from 'zod';
import { isStaffOf } from '../../auth/principal.ts';
import { eventsRoot, messagesRoot, moderationRoot, threadAwareness } from './thread.ts';
import type { DocKind } from '../../sync/kind.ts';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/**
 * `report:<id>`: the public half of a report. Anyone signed in may read it; members of its
 * municipality (and its creator) may write messages, its staff events. `meta` is the server's.
 * Private details live in `report-private:<id>`.
 */
export const reportKind: DocKind = {
	name: 'report',
	roots: {
		meta: {
			// Written by the server once the report is accepted (server/reports/report-doc.ts), never by
			// a client: for categories that point at a home the public position is a coarse cell, and
			// a creator writing `location` would publish the exact pin.
			type: 'map',
			fields: {
				/** A pseudonym of the reporter for this report only, never their user id. */
				creator: { schema: id, writer: 'server' },
				municipality: { schema: z.string().regex(/^[a-z0-9-]{1,64}$/), writer: 'server' },
				category: { schema: z.string().regex(/^[a-z0-9_-]{1,64}$/), writer: 'server' },
				description: { schema: z.string().max(500), writer: 'server' },
				/** The public position: the centre of an H3 cell when `coarse`. */
				location: { schema: z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }), writer: 'server' },
				coarse: { schema: z.boolean(), writer: 'server' },
				/** A place described in words, when it does not point at a home. */
				place: { schema: z.string().max(300), writer: 'server' },
				photos: { schema: z.array(id).max(6), writer: 'server' },
				practice: { schema: z.boolean(), writer: 'server' },
				/** When the server received the report (epoch ms, the server's clock). */
				createdAt: { schema: z.number().int().min(0), writer: 'server' }
			}
		},
		messages: messagesRoot,
		events: eventsRoot,
		moderation: moderationRoot
	},
	awareness: threadAwareness,
	// The stored report (storedFacts) is the truth. The document's meta is the server's too, but its
	// `creator` is a pseudonym, not a user id, so only the municipality is read from it.
	facts: (read) => ({
		creator: null,
		municipalityId: typeof read('meta', 'municipality') === 'string' ? (read('meta', 'municipality') as string) : null
	}),
	access(principal, facts) {
		// A report the server has not received: nothing to write to yet (its chat opens once it arrives).
		if (!facts.municipalityId) return 'read';
		if (facts.creator !== null && facts.creator === principal.userId) return 'write';
		if (principal.memberships.some((m) => m.municipalityId === facts.municipalityId) || isStaffOf(principal, facts.municipalityId)) return 'write';
		// Neighbouring municipalities read the public half.
		return 'read';
	}
};
