import type { Db } from '../../db/index.ts';
import type { DocKind } from '../../sync/kind.ts';
import { feedKind, municipalityFacts } from './feed.ts';
import { incidentKind } from './incident.ts';
import { reportPrivateKind } from './report-private.ts';
import { reportKind } from './report.ts';
import { storedIncidentFacts } from './stored-incident-facts.ts';
import { storedReportFacts } from './stored-report-facts.ts';

/** The reports feature's kinds of document, as rules only (what the specs judge against). */
export const reportDocKinds: readonly DocKind[] = [reportKind, reportPrivateKind, incidentKind, feedKind];

/**
 * The reports feature's kinds, as the sync server registers them (server/app.ts): the rules, with
 * the facts this feature keeps in its tables and what fills a document when it is first opened
 * (`feeds`: server/reports/feed-doc.ts).
 */
export function reportKinds(ctx: { db: Db; feeds: { prepareReport(id: string): Promise<void>; prepareFeed(municipalityId: string): Promise<void> } }): DocKind[] {
	const { db, feeds } = ctx;
	return [
		{ ...reportKind, storedFacts: (id) => storedReportFacts(db, id), prepare: (id) => feeds.prepareReport(id) },
		{ ...reportPrivateKind, storedFacts: (id) => storedReportFacts(db, id) },
		{ ...incidentKind, storedFacts: (id) => storedIncidentFacts(db, id) },
		{ ...feedKind, storedFacts: (id) => municipalityFacts(db, id), prepare: (id) => feeds.prepareFeed(id) }
	];
}
