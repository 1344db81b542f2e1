import { z } from 'zod';
import type { Db } from '../../db/index.ts';
import { closingSchema, feedEntrySchema, feedHiddenSchema, feedIdSchema, feedSettingsSchema } from '../../../src/lib/domain/feed-doc.ts';
import type { DocFacts, DocKind } from '../../sync/kind.ts';

/** The municipality exists: its feed may be opened. Null otherwise (the room is refused). */
export async function municipalityFacts(db: Db, id: string): Promise<DocFacts | null> {
	try {
		const row = await db.selectFrom('municipality').select('id').where('id', '=', id).executeTakeFirst();
		return row ? { creator: null, municipalityId: row.id } : null;
	} catch {
		return null;
	}
}

/**
 * `feed:<municipality>`: the municipality's public reports of the last 90 days, written only by the
 * server (server/reports/feed-doc.ts) after a report is accepted and after an operator's decision,
 * filled from the store when first opened, pruned hourly. Every client only reads it: public data,
 * so anyone signed in may, neighbouring municipalities included. See src/lib/domain/feed-doc.ts.
 */
export const feedKind: DocKind = {
	name: 'feed',
	roots: {
		reports: { type: 'record', key: feedIdSchema, value: feedEntrySchema, writer: 'server' },
		closing: { type: 'record', key: feedIdSchema, value: closingSchema, writer: 'server' },
		hidden: { type: 'record', key: feedIdSchema, value: feedHiddenSchema, writer: 'server' },
		settings: {
			type: 'map',
			fields: {
				staleAfterHours: { schema: feedSettingsSchema.staleAfterHours, writer: 'server' },
				coarseCategories: { schema: feedSettingsSchema.coarseCategories, writer: 'server' }
			}
		}
	},
	// Nothing in the document says whose it is: an unknown municipality has no facts and no readers.
	facts: () => ({ creator: null, municipalityId: null }),
	access: (_principal, facts) => (facts.municipalityId ? 'read' : 'none')
};

export const feedRoomOf = (municipalityId: string): string => `feed:${z.string().parse(municipalityId)}`;
