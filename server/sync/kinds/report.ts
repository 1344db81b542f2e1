import { z } from 'zod';
import { isStaffOf } from '../../auth/principal.ts';
import { storedReportFacts } from './stored-report-facts.ts';
import type { DocKind } from './types.ts';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const text = (max: number) => z.string().trim().min(1).max(max);
/** Epoch milliseconds, not in the future (5 minutes of clock skew allowed). The device's claim. */
const at = z.number().int().min(0).refine((v) => v <= Date.now() + 5 * 60_000, 'is in the future');

export const reportEventTypes = ['accepted', 'called', 'dispatched', 'referred', 'merged', 'closed', 'reopened', 'note'] as const;

/**
 * `report:<id>`: the public half of a report. Anyone signed in may read it; members of its
 * municipality (and its creator) may write. Private details live in `report-private:<id>`.
 */
export const reportKind: DocKind = {
	name: 'report',
	roots: {
		meta: {
			type: 'map',
			fields: {
				creator: { schema: id, writer: 'creator', self: true },
				municipality: { schema: z.string().regex(/^[a-z0-9-]{1,64}$/), writer: 'creator' },
				category: { schema: z.string().regex(/^[a-z0-9_-]{1,64}$/), writer: 'creator' },
				description: { schema: z.string().max(500), writer: 'creator' },
				location: { schema: z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }), writer: 'creator' },
				photos: { schema: z.array(id).max(6), writer: 'creator' },
				practice: { schema: z.boolean(), writer: 'creator' },
				createdAt: { schema: at, writer: 'creator' }
			}
		},
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
	storedFacts: storedReportFacts,
	facts: (read) => ({
		creator: typeof read('meta', 'creator') === 'string' ? (read('meta', 'creator') as string) : null,
		municipalityId: typeof read('meta', 'municipality') === 'string' ? (read('meta', 'municipality') as string) : null
	}),
	access(principal, facts) {
		// A new report (no municipality yet, neither in the store nor in the document): whoever creates it.
		if (!facts.municipalityId) return 'write';
		if (facts.creator !== null && facts.creator === principal.userId) return 'write';
		if (principal.memberships.some((m) => m.municipalityId === facts.municipalityId) || isStaffOf(principal, facts.municipalityId)) return 'write';
		// Neighbouring municipalities read the public half.
		return 'read';
	}
};
