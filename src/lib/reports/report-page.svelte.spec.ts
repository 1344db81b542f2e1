import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { toFeedEntry } from '$lib/domain/feed-doc.ts';
import type { PublicEvent } from '$lib/domain/lifecycle.ts';
import type { PublicReport } from '$lib/domain/report.ts';
import { feedReport, serverFeedDoc } from './feed-fixtures.ts';
import { FeedRegistry } from './feed-registry.ts';
import { ReportFeedState } from './feed.svelte.ts';
import type { FetchedReport, ReopenResult } from './report-api.ts';
import { ReportPage } from './report-page.svelte.ts';

const one = feedReport('00000000-0000-4000-8000-000000000001', { incidentId: 'i1', receivedAt: '2026-11-21T12:05:00.000Z' });
const two = feedReport('00000000-0000-4000-8000-000000000002', { incidentId: 'i1', receivedAt: '2026-11-21T12:00:00.000Z' });
const three = feedReport('00000000-0000-4000-8000-000000000003', { incidentId: 'i3' });
const elsewhere = feedReport('00000000-0000-4000-8000-000000000004', { municipality: 'nunoa' });

/** Feeds with no copy on the device: each municipality's document is written by the test. */
function setup(mine: string[] = [], server: { fetched?: FetchedReport; reopen?: ReopenResult; docs?: [string, Y.Doc][] } = {}) {
	const docs = new Map<string, Y.Doc>(
		server.docs ?? [
			['providencia', serverFeedDoc([one, two, three])],
			['nunoa', serverFeedDoc([elsewhere])]
		]
	);
	const looks: PublicReport[] = [];
	const asked = new Set<string>();
	const reopenRequests: string[] = [];
	const feeds = new FeedRegistry(
		(feed, municipality) => void feed.load(municipality).then(() => feed.attach(docs.get(municipality) ?? new Y.Doc())),
		() => new ReportFeedState({ persist: false })
	);
	const followed = new Set<string>();
	const page = new ReportPage({
		acquire: (m) => feeds.acquire(m),
		copies: async () => ['nunoa'],
		following: { load: async () => undefined, has: (id) => followed.has(id), follow: async (id) => void followed.add(id) },
		madeHere: async () => ({ madeHere: (ids) => ids.some((id) => mine.includes(id)) }),
		fetchReport: async () => server.fetched ?? { kind: 'missing' },
		looks: { remember: async (report) => void looks.push(report) },
		reopen: {
			asked: (id) => asked.has(id),
			remember: (id) => void asked.add(id),
			request: async (id, reason) => {
				reopenRequests.push(`${id}: ${reason}`);
				return server.reopen ?? 'sent';
			}
		}
	});
	return { page, feeds, docs, looks, asked, reopenRequests };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('ReportPage', () => {
	it('reads a report and the other reports of its incident, oldest first, from the home feed', async () => {
		const { page, feeds } = setup();
		await page.open(one.id, 'providencia');
		expect(page).toMatchObject({ loaded: true, report: one, staleAfterHours: 48, followed: false, mine: false });
		expect(page.others).toEqual([two]);
		expect(feeds.users('providencia')).toBe(1);
		page.close();
		expect(feeds.users('providencia')).toBe(0);
	});

	it('looks in the other feeds the device keeps, and lets go of those without it', async () => {
		const { page, feeds } = setup();
		await page.open(elsewhere.id, 'providencia');
		expect(page.report).toEqual(elsewhere);
		expect(feeds.users('providencia')).toBe(0);
		expect(feeds.users('nunoa')).toBe(1);
		page.close();
	});

	it('says there is no such report, and shows it should it arrive in the home feed', async () => {
		const { page, docs } = setup();
		const late = feedReport('00000000-0000-4000-8000-000000000009');
		await page.open(late.id, 'providencia');
		expect(page).toMatchObject({ loaded: true, report: null });
		docs.get('providencia')?.getMap('reports').set(late.id, toFeedEntry(late));
		expect(page.report).toEqual(late);
		page.close();
	});

	it('follows the report, and knows the thread is the reporter’s when the device made one of the incident’s reports', async () => {
		const { page } = setup([two.id]);
		await page.open(one.id, 'providencia');
		await settle();
		expect(page.mine).toBe(true);
		// Another reporter's report of the same incident: this device may flag it, not its own.
		expect(page.ownReport).toBe(false);
		await page.follow();
		expect(page.followed).toBe(true);
		page.close();
	});

	it('knows the report itself was made here (no flagging one’s own), and says nothing before it has looked', async () => {
		const { page } = setup([one.id]);
		expect(page.ownReport).toBeNull();
		await page.open(one.id, 'providencia');
		await settle();
		expect(page.ownReport).toBe(true);
		page.close();
	});

	it('asks the server for a report the device holds no feed of, then follows its feed live', async () => {
		const shared = feedReport('00000000-0000-4000-8000-000000000005', { municipality: 'nunoa' });
		const nunoa = new Y.Doc();
		const { page, feeds } = setup([], { fetched: { kind: 'ok', report: shared }, docs: [['nunoa', nunoa]] });
		await page.open(shared.id, 'providencia');
		expect(page).toMatchObject({ loaded: true, unreachable: false, report: shared });
		expect(feeds.users('providencia')).toBe(0);
		expect(feeds.users('nunoa')).toBe(1);
		const acknowledged = { ...shared, status: 'acknowledged' as const, statusAt: '2026-11-21T12:40:00.000Z' };
		nunoa.getMap('reports').set(shared.id, toFeedEntry(acknowledged));
		expect(page.report).toMatchObject({ id: shared.id, status: 'acknowledged' });
		page.close();
		expect(feeds.users('nunoa')).toBe(0);
	});

	it('tells "not found" from "could not ask" (offline, a server error)', async () => {
		const missing = setup();
		await missing.page.open('00000000-0000-4000-8000-000000000009', 'providencia');
		expect(missing.page).toMatchObject({ loaded: true, report: null, unreachable: false });
		missing.page.close();
		const offline = setup([], { fetched: { kind: 'failed' } });
		await offline.page.open('00000000-0000-4000-8000-000000000009', 'providencia');
		expect(offline.page).toMatchObject({ loaded: true, report: null, unreachable: true });
		offline.page.close();
	});

	it('reads status, the pinned closing message and a read-only thread from the thread’s timeline', async () => {
		const { page } = setup();
		await page.open(one.id, 'providencia');
		expect(page).toMatchObject({ status: 'received', closing: null, threadClosed: null });
		const at = Date.parse('2026-11-21T12:10:00.000Z');
		const events: PublicEvent[] = [
			{ id: 'e1', author: 'municipality', type: 'acknowledged', at },
			{ id: 'e2', author: 'municipality', type: 'closed', at: at + 60_000, text: 'Se reparó la luminaria', outcome: 'resolved' }
		];
		page.events = events;
		expect(page).toMatchObject({ status: 'closed', closing: { text: 'Se reparó la luminaria', outcome: 'resolved' }, threadClosed: 'closed' });
		expect(page.timeline.map((item) => item.type)).toContain('closed');
		page.events = [...events, { id: 'e3', author: 'municipality', type: 'merged', at: at + 120_000, into: 'i3' }];
		expect(page.threadClosed).toBe('merged');
		expect(page.reportOf('i3')).toBe(three.id);
		page.close();
	});

	it('records a look once per thing seen, not at every sync of the feed', async () => {
		const { page, docs, looks } = setup();
		await page.open(one.id, 'providencia');
		page.recordLook();
		page.recordLook();
		expect(looks.map((l) => l.status)).toEqual(['received']);
		docs.get('providencia')?.getMap('reports').set(three.id, toFeedEntry({ ...three, description: 'otro' }));
		page.recordLook();
		expect(looks).toHaveLength(1);
		docs.get('providencia')?.getMap('reports').set(one.id, toFeedEntry({ ...one, status: 'acknowledged', statusAt: '2026-11-21T12:30:00.000Z' }));
		page.recordLook();
		expect(looks.map((l) => l.status)).toEqual(['received', 'acknowledged']);
		page.close();
	});

	it('asks once to reopen: remembered when sent or already asked, and a failure lets the reporter try again', async () => {
		const failing = setup([], { reopen: 'failed' });
		await failing.page.open(one.id, 'providencia');
		expect(failing.page.reopenAsked).toBe('no');
		expect(await failing.page.requestReopen('  Sigue apagada  ')).toBe('failed');
		expect(failing.page.reopenAsked).toBe('no');
		expect(failing.asked.size).toBe(0);
		failing.page.close();

		const { page, asked, reopenRequests } = setup();
		await page.open(one.id, 'providencia');
		expect(await page.requestReopen('  Sigue apagada  ')).toBe('sent');
		expect(reopenRequests).toEqual([`${one.id}: Sigue apagada`]);
		expect(page.reopenAsked).toBe('sent');
		expect(asked.has(one.id)).toBe(true);
		page.close();
	});
});
