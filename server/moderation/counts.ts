import type { Db } from '../db/index.ts';
import { moderationReasons, type ModerationCounts, type ModerationReason } from '../../src/lib/domain/moderation.ts';
import { moderationStore } from './schema.ts';

const byReason = (rows: { reason: string; n: number | string | bigint }[]): Record<ModerationReason, number> => {
	const out = Object.fromEntries(moderationReasons.map((r) => [r, 0])) as Record<ModerationReason, number>;
	for (const row of rows) if ((moderationReasons as readonly string[]).includes(row.reason)) out[row.reason as ModerationReason] += Number(row.n);
	return out;
};

/** A municipality's moderation decisions counted (issue 16, item 5), for its public page. */
export async function moderationCounts(db: Db, municipalityId: string, now: Date = new Date()): Promise<ModerationCounts> {
	const store = moderationStore(db);
	const decisions = await store
		.selectFrom('moderation_decision')
		.select(['action', 'reason', (eb) => eb.fn.countAll<number>().as('n')])
		.where('municipality_id', '=', municipalityId)
		.groupBy(['action', 'reason'])
		.execute();
	const limits = await store
		.selectFrom('posting_limit')
		.select(['reason', (eb) => eb.fn.countAll<number>().as('n')])
		.where('municipality_id', '=', municipalityId)
		.groupBy('reason')
		.execute();
	const reviews = await store
		.selectFrom('moderation_review')
		.select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
		.where('municipality_id', '=', municipalityId)
		.groupBy('outcome')
		.execute();
	const total = (action: string) => decisions.filter((d) => d.action === action).reduce((sum, d) => sum + Number(d.n), 0);
	const outcome = (value: string | null) => Number(reviews.find((r) => r.outcome === value)?.n ?? 0);
	return {
		municipalityId,
		hidden: byReason(decisions.filter((d) => d.action === 'hidden')),
		restored: total('restored'),
		dismissed: total('dismissed'),
		limited: byReason(limits),
		reviews: { asked: reviews.reduce((sum, r) => sum + Number(r.n), 0), waiting: outcome(null), upheld: outcome('upheld'), reversed: outcome('reversed') },
		at: now.toISOString()
	};
}
