import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { PublicReport } from '../../src/lib/domain/report.ts';
import { readFeed, readFeedSettings } from '../../src/lib/domain/feed-doc.ts';
import { applyFeedReports, applyFeedSnapshot, type FeedSnapshot } from './feed-doc.ts';

const NOW = Date.parse('2026-11-21T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
let n = 0;
function report(over: Partial<PublicReport> = {}): PublicReport {
	n++;
	const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
	return {
		id,
		incidentId: id,
		municipality: 'providencia',
		category: 'streetlight_out',
		group: 'neighbourhood',
		description: 'Poste apagado',
		point: [-70.6128, -33.4255],
		coarse: false,
		place: null,
		photoIds: [],
		reportedAt: iso(NOW - 60_000),
		receivedAt: iso(NOW - 60_000),
		status: 'received',
		statusAt: iso(NOW - 60_000),
		closingMessage: null,
		...over
	};
}
const snapshot = (reports: PublicReport[], over: Partial<FeedSnapshot> = {}): FeedSnapshot => ({ reports, staleAfterHours: 72, coarseCategories: ['home_burglary'], readAt: NOW, ...over });
/** Runs an edit and returns the update it made, or null when it changed nothing. */
function edit(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array | null {
	const updates: Uint8Array[] = [];
	const capture = (u: Uint8Array) => void updates.push(u);
	doc.on('update', capture);
	doc.transact(() => change(doc));
	doc.off('update', capture);
	return updates[0] ?? null;
}

describe('the feed document the server writes', () => {
	it('says in `hidden` why the municipality hid a report’s description or photos, and drops it once nothing is hidden or the report leaves', () => {
		const doc = new Y.Doc();
		const hidden = report({ description: '', photoIds: [], hidden: { description: 'personal_data', photos: ['looks'] } });
		applyFeedReports(doc, [hidden], NOW);
		expect(doc.getMap('hidden').get(hidden.id)).toEqual({ description: 'personal_data', photos: ['looks'] });
		expect(readFeed(doc, 'providencia')[0]).toEqual(hidden);
		// Written again as it is: nothing changes.
		expect(edit(doc, (d) => applyFeedReports(d, [hidden], NOW))).toBeNull();
		const restored: PublicReport = { ...hidden, description: 'Poste apagado' };
		delete restored.hidden;
		applyFeedReports(doc, [restored], NOW);
		expect(doc.getMap('hidden').has(hidden.id)).toBe(false);
		expect(readFeed(doc, 'providencia')[0]).toEqual(restored);
		// A malformed entry is not shown as a placeholder.
		doc.getMap('hidden').set(hidden.id, { description: 'not-a-reason', photos: [] });
		expect(readFeed(doc, 'providencia')[0]?.hidden).toBeUndefined();
		applyFeedReports(doc, [{ ...hidden, receivedAt: iso(NOW - 100 * 86_400_000) }], NOW);
		expect(doc.getMap('hidden').has(hidden.id)).toBe(false);
	});

	it('holds what the list and map need, the closing message under the incident, and never who reported', () => {
		const doc = new Y.Doc();
		const open = report({ coarse: true, category: 'home_burglary', group: 'security', photoIds: ['p1'] });
		const closed = report({ status: 'closed', statusAt: iso(NOW), closingMessage: 'Repusimos la ampolleta' });
		edit(doc, (d) => applyFeedSnapshot(d, snapshot([open, closed])));
		const byId = new Map(readFeed(doc, 'providencia').map((r) => [r.id, r]));
		expect(byId.get(open.id)).toEqual(open);
		expect(byId.get(closed.id)).toEqual(closed);
		expect(doc.getMap('closing').toJSON()).toEqual({ [closed.incidentId]: 'Repusimos la ampolleta' });
		expect(readFeedSettings(doc)).toEqual({ staleAfterHours: 72, coarseCategories: ['home_burglary'] });
	});

	it('filling from the store is idempotent: a second run writes nothing', () => {
		const doc = new Y.Doc();
		const reports = [report(), report({ status: 'acknowledged', statusAt: iso(NOW) })];
		expect(edit(doc, (d) => applyFeedSnapshot(d, snapshot(reports)))).not.toBeNull();
		expect(edit(doc, (d) => applyFeedSnapshot(d, snapshot(reports)))).toBeNull();
		expect(edit(doc, (d) => applyFeedReports(d, reports, NOW))).toBeNull();
	});

	it('overwrites an entry when its incident is closed, and never goes back to an older status', () => {
		const doc = new Y.Doc();
		const r = report();
		applyFeedReports(doc, [r], NOW);
		const closed = { ...r, status: 'closed' as const, statusAt: iso(NOW), closingMessage: 'Resuelto' };
		applyFeedReports(doc, [closed], NOW);
		expect(readFeed(doc, 'providencia')).toEqual([closed]);
		// A snapshot read before the decision was committed does not undo it.
		applyFeedSnapshot(doc, snapshot([r]));
		expect(readFeed(doc, 'providencia')).toEqual([closed]);
	});

	it('removes reports past the feed’s 90 days and their closing messages, but not one accepted while the store was read', () => {
		const doc = new Y.Doc();
		const old = report({ receivedAt: iso(NOW - 91 * 86_400_000), status: 'closed', statusAt: iso(NOW - 90 * 86_400_000), closingMessage: 'Antiguo' });
		const recent = report({ receivedAt: iso(NOW - 86_400_000) });
		applyFeedReports(doc, [old, recent], NOW - 2 * 86_400_000);
		expect(readFeed(doc, 'providencia')).toHaveLength(2);
		const arrivedMeanwhile = report({ receivedAt: iso(NOW - 1000) });
		applyFeedReports(doc, [arrivedMeanwhile], NOW);
		expect(readFeed(doc, 'providencia').map((r) => r.id).sort()).toEqual([recent.id, arrivedMeanwhile.id].sort());
		expect(doc.getMap('closing').size).toBe(0);
		// The store's snapshot does not list it yet: it stays. One the store no longer lists goes.
		applyFeedSnapshot(doc, snapshot([]));
		expect(readFeed(doc, 'providencia').map((r) => r.id)).toEqual([arrivedMeanwhile.id]);
	});

	it('fits 10,000 typical reports in the document size limit (8 MiB); measures the case with every text at its longest', () => {
		const sizeOf = (make: (i: number) => PublicReport) => {
			const doc = new Y.Doc();
			applyFeedSnapshot(doc, snapshot(Array.from({ length: 10_000 }, (_, i) => make(i))));
			return Y.encodeStateAsUpdate(doc).byteLength;
		};
		const typical = sizeOf((i) => report({ description: `Poste apagado en la esquina, número ${i}`, category: 'streetlight_out', status: i % 7 ? 'received' : 'acknowledged' }));
		const worst = sizeOf(() =>
			report({ description: 'ñ'.repeat(500), place: 'á'.repeat(300), point: null, photoIds: ['a', 'b', 'c'].map((c) => c.repeat(36)), status: 'closed', statusAt: iso(NOW), closingMessage: 'é'.repeat(500) })
		);
		console.log(`feed document with 10,000 reports: typical ${(typical / 1024 / 1024).toFixed(2)} MiB, every text at its longest ${(worst / 1024 / 1024).toFixed(2)} MiB`);
		expect(typical).toBeLessThan(8 * 1024 * 1024);
		// Not a limit the server enforces on its own writes (only clients' updates are checked), but a
		// feed this large would be a 28 MiB first sync: see docs/reports.md.
		expect(worst).toBeGreaterThan(typical);
	});
});
