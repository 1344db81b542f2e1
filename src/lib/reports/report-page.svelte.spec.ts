import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { toFeedEntry } from '$lib/domain/feed-doc.ts';
import { feedReport, serverFeedDoc } from './feed-fixtures.ts';
import { FeedRegistry } from './feed-registry.ts';
import { ReportFeedState } from './feed.svelte.ts';
import { ReportPage } from './report-page.svelte.ts';

const one = feedReport('00000000-0000-4000-8000-000000000001', { incidentId: 'i1', receivedAt: '2026-11-21T12:05:00.000Z' });
const two = feedReport('00000000-0000-4000-8000-000000000002', { incidentId: 'i1', receivedAt: '2026-11-21T12:00:00.000Z' });
const three = feedReport('00000000-0000-4000-8000-000000000003', { incidentId: 'i3' });
const elsewhere = feedReport('00000000-0000-4000-8000-000000000004', { municipality: 'nunoa' });

/** Feeds with no copy on the device: each municipality's document is written by the test. */
function setup(mine: string[] = []) {
	const docs = new Map<string, Y.Doc>([
		['providencia', serverFeedDoc([one, two, three])],
		['nunoa', serverFeedDoc([elsewhere])]
	]);
	const feeds = new FeedRegistry(
		(feed, municipality) => void feed.load(municipality).then(() => feed.attach(docs.get(municipality) ?? new Y.Doc())),
		() => new ReportFeedState({ persist: false })
	);
	const followed = new Set<string>();
	const page = new ReportPage({
		acquire: (m) => feeds.acquire(m),
		copies: async () => ['nunoa'],
		following: { load: async () => undefined, has: (id) => followed.has(id), follow: async (id) => void followed.add(id) },
		madeHere: async () => ({ madeHere: (ids) => ids.some((id) => mine.includes(id)) })
	});
	return { page, feeds, docs };
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
		await page.follow();
		expect(page.followed).toBe(true);
		page.close();
	});
});
