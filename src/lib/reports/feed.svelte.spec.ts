import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ReportsDb } from './db.ts';
import { ReportFeedState } from './feed.svelte.ts';

const report = (id: string) => ({
	id,
	incidentId: 'i1',
	municipality: 'providencia',
	category: 'robbery',
	group: 'security',
	description: '',
	point: [-70.6128, -33.4255],
	coarse: false,
	place: null,
	photoIds: [],
	reportedAt: '2026-11-21T12:00:00.000Z',
	receivedAt: '2026-11-21T12:00:00.000Z',
	status: 'received',
	statusAt: '2026-11-21T12:00:00.000Z',
	closingMessage: null
});

describe('ReportFeedState', () => {
	it('keeps the last feed on the device and shows it offline', async () => {
		const db = new ReportsDb({ indexedDB: new IDBFactory(), IDBKeyRange });
		const online = new ReportFeedState(db, async () =>
			Response.json({ municipality: 'providencia', staleAfterHours: 48, coarseCategories: ['home_burglary'], reports: [report('00000000-0000-4000-8000-000000000001')] })
		);
		await online.load('providencia');
		expect(await online.refresh()).toBe(true);
		expect(online.reports).toHaveLength(1);

		const offline = new ReportFeedState(db, async () => {
			throw new TypeError('Failed to fetch');
		});
		await offline.load('providencia');
		expect(await offline.refresh()).toBe(false);
		expect(offline.reports.map((r) => r.id)).toEqual(['00000000-0000-4000-8000-000000000001']);
		expect(offline.staleAfterHours).toBe(48);
		expect(offline.coarseCategories).toEqual(['home_burglary']);
	});

	it('replaces the municipality\'s reports at each refresh and ignores malformed answers', async () => {
		const db = new ReportsDb({ indexedDB: new IDBFactory(), IDBKeyRange });
		const answers = [
			{ municipality: 'providencia', staleAfterHours: 72, reports: [report('00000000-0000-4000-8000-000000000001')] },
			{ municipality: 'providencia', staleAfterHours: 72, reports: [report('00000000-0000-4000-8000-000000000002')] },
			{ nonsense: true }
		];
		const feed = new ReportFeedState(db, async () => Response.json(answers.shift()));
		await feed.load('providencia');
		await feed.refresh();
		await feed.refresh();
		expect(await feed.refresh()).toBe(false);
		expect(feed.reports.map((r) => r.id)).toEqual(['00000000-0000-4000-8000-000000000002']);
	});

	it('asks "anything new?" with the last version, and keeps its copy on 304 Not Modified', async () => {
		const db = new ReportsDb({ indexedDB: new IDBFactory(), IDBKeyRange });
		const sentTags: (string | null)[] = [];
		const feed = new ReportFeedState(db, async (_url, init) => {
			const tag = new Headers(init?.headers).get('if-none-match');
			sentTags.push(tag);
			if (tag === '"v1"') return new Response(null, { status: 304 });
			return Response.json({ municipality: 'providencia', staleAfterHours: 72, reports: [report('00000000-0000-4000-8000-000000000001')] }, { headers: { etag: '"v1"' } });
		});
		await feed.load('providencia');
		expect(await feed.refresh()).toBe(true);
		expect(await feed.refresh()).toBe(true);
		expect(sentTags).toEqual([null, '"v1"']);
		expect(feed.reports).toHaveLength(1);
	});
});
