import type { Db } from '../db/index.ts';
import { channels, type Channel } from '../../src/lib/domain/lifecycle.ts';
import type { ChannelCounts } from '../../src/lib/ops/contract.ts';
import { reportsStore } from '../reports/schema.ts';

/**
 * Counts a municipality's reports by channel, and its organisation reports by the account that
 * entered them (the `entered` event of the staff timeline names who did: server/reports/accept.ts).
 * Counts of reports, nothing else: no report's content, no resident.
 */
export async function channelCounts(db: Db, municipalityId: string): Promise<ChannelCounts> {
	const store = reportsStore(db);
	const rows = await store
		.selectFrom('report')
		.select((eb) => ['channel', eb.fn.countAll<number>().as('n')])
		.where('municipality_id', '=', municipalityId)
		.groupBy('channel')
		.execute();
	const byChannel = Object.fromEntries(channels.map((c) => [c, 0])) as Record<Channel, number>;
	for (const row of rows) if (row.channel in byChannel) byChannel[row.channel] = Number(row.n);
	const entered = await store
		.selectFrom('incident_event')
		.innerJoin('report', 'report.id', 'incident_event.report_id')
		.select((eb) => ['incident_event.actor_id', eb.fn.count<number>('incident_event.report_id').distinct().as('n')])
		.where('incident_event.type', '=', 'entered')
		.where('report.channel', '=', 'organisation')
		.where('report.municipality_id', '=', municipalityId)
		.groupBy('incident_event.actor_id')
		.orderBy('incident_event.actor_id')
		.execute();
	return { channels: byChannel, organisations: entered.flatMap((r) => (r.actor_id ? [{ userId: r.actor_id, reports: Number(r.n) }] : [])) };
}
