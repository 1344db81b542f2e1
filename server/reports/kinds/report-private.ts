import { z } from 'zod';
import { isStaffOf } from '../../auth/principal.ts';
import { reportKind } from './report.ts';
import { storedText, threadAwareness } from './thread.ts';
import type { DocKind } from '../../sync/kind.ts';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const at = z.number().int().min(0).refine((v) => v <= Date.now() + 5 * 60_000, 'is in the future');

/**
 * `report-private:<id>`: what only the reporter and their municipality's operators see — whether
 * they may be called and on which number, and notes between them. Facts come from `report:<id>`.
 */
export const reportPrivateKind: DocKind = {
	name: 'report-private',
	roots: {
		contact: {
			type: 'map',
			fields: {
				callMe: { schema: z.boolean(), writer: 'creator' },
				phone: { schema: z.string().regex(/^\+?[0-9 ]{6,20}$/), writer: 'creator' }
			}
		},
		notes: {
			type: 'array',
			entry: z.strictObject({ id, author: id, text: storedText(1000), at }),
			writer: 'creator-or-staff',
			authorField: 'author',
			delete: 'own'
		}
	},
	awareness: threadAwareness,
	factsRoom: (reportId) => `report:${reportId}`,
	facts: reportKind.facts,
	access(principal, facts) {
		if (!facts.municipalityId) return 'none';
		if ((facts.creator !== null && facts.creator === principal.userId) || isStaffOf(principal, facts.municipalityId)) return 'write';
		return 'none';
	}
};
