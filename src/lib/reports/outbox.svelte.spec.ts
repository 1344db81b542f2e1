import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import demo from '../../../server/seed/demo-municipalities.json' with { type: 'json' };
import { boundarySchema, type PublicMunicipality } from '$lib/domain/municipality.ts';
import type { PublicReport, ReportInput } from '$lib/domain/report.ts';
import { ReportsDb } from './db.ts';
import { ReportsOutbox, type SendResult } from './outbox.svelte.ts';

const municipalities = demo.municipalities.map((m) => ({ id: m.id, name: m.name, boundary: boundarySchema.parse(m.boundary), emergencyNumbers: [], categories: [] })) as PublicMunicipality[];
let n = 0;
const input = (over: Partial<ReportInput> = {}): ReportInput => ({
	id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
	category: 'robbery',
	description: 'Bag snatched',
	location: { kind: 'point', point: [-70.6128, -33.4255], source: 'gps' },
	consentToCall: false,
	reportedAt: '2026-11-21T12:00:00.000Z',
	...over
});
const published = (id: string, over: Partial<PublicReport> = {}): PublicReport => ({
	id,
	incidentId: 'i1',
	municipality: 'providencia',
	category: 'robbery',
	group: 'security',
	description: 'Bag snatched',
	point: [-70.6128, -33.4255],
	coarse: false,
	place: null,
	photoIds: [],
	reportedAt: '2026-11-21T12:00:00.000Z',
	receivedAt: '2026-11-21T12:00:01.000Z',
	status: 'received',
	statusAt: '2026-11-21T12:00:01.000Z',
	closingMessage: null,
	...over
});

function setup(answers: SendResult[]) {
	const db = new ReportsDb({ indexedDB: new IDBFactory(), IDBKeyRange });
	let clock = 1_000_000;
	const sent: ReportInput[] = [];
	const outbox = new ReportsOutbox(db, {
		send: async (i) => {
			sent.push(i);
			return answers.shift() ?? { kind: 'retry' };
		},
		now: () => clock
	});
	return { db, outbox, sent, advance: (ms: number) => (clock += ms) };
}

describe('ReportsOutbox', () => {
	it('saves on the device first, then marks the report received when the server has it', async () => {
		const { outbox, db, sent } = setup([]);
		const report = input();
		await outbox.save(report, { practice: false, municipalities });
		await outbox.flush();
		expect(sent).toHaveLength(1);
		expect((await db.mine.get(report.id))?.state).toBe('saved_on_phone');

		const { outbox: online, sent: sentOnline } = setup([{ kind: 'received', published: published(report.id), municipality: 'providencia' }]);
		await online.save(report, { practice: false, municipalities });
		await online.flush();
		expect(sentOnline).toHaveLength(1);
		expect(online.get(report.id)).toMatchObject({ state: 'received', municipality: 'providencia' });
	});

	it('retries with backoff: not before the delay, then again', async () => {
		const report = input();
		const { outbox, sent, advance } = setup([{ kind: 'retry' }, { kind: 'received', published: published(report.id), municipality: 'providencia' }]);
		await outbox.save(report, { practice: false, municipalities });
		await outbox.flush();
		await outbox.flush();
		expect(sent).toHaveLength(1);
		expect(outbox.get(report.id)?.attempts).toBe(1);
		advance(10_000);
		await outbox.flush();
		expect(sent).toHaveLength(2);
		expect(outbox.get(report.id)?.state).toBe('received');
	});

	it('keeps a refused report as a draft with the reason, and never sends it again on its own', async () => {
		const report = input();
		const { outbox, sent, advance } = setup([{ kind: 'refused', code: 'outside_municipalities', message: 'Outside' }]);
		await outbox.save(report, { practice: false, municipalities });
		await outbox.flush();
		expect(outbox.get(report.id)).toMatchObject({ state: 'refused', refusal: { code: 'outside_municipalities' } });
		advance(3_600_000);
		await outbox.flush();
		expect(sent).toHaveLength(1);
	});

	it('never sends a practice report, and checks it against the boundaries on the device', async () => {
		const { outbox, sent } = setup([]);
		const inside = input();
		const outside = input({ location: { kind: 'point', point: [-70.6506, -33.4378], source: 'map' } });
		await outbox.save(inside, { practice: true, municipalities });
		await outbox.save(outside, { practice: true, municipalities });
		await outbox.flush();
		expect(sent).toHaveLength(0);
		expect(outbox.get(inside.id)).toMatchObject({ state: 'practice', municipality: 'providencia' });
		expect(outbox.get(outside.id)).toMatchObject({ state: 'refused', refusal: { code: 'outside_municipalities' } });
	});

	it('survives reopening the database', async () => {
		const { db } = setup([]);
		const first = new ReportsOutbox(db, { send: async () => ({ kind: 'retry' }) });
		const report = input();
		await first.save(report, { practice: false, municipalities });
		const again = new ReportsOutbox(db, { send: async () => ({ kind: 'retry' }) });
		await again.load();
		expect(again.get(report.id)?.state).toBe('saved_on_phone');
	});

	it('takes acknowledged and closed statuses from the feed', async () => {
		const report = input();
		const { outbox } = setup([{ kind: 'received', published: published(report.id), municipality: 'providencia' }]);
		await outbox.save(report, { practice: false, municipalities });
		await outbox.flush();
		await outbox.applyFeed([published(report.id, { status: 'acknowledged', statusAt: '2026-11-21T12:10:00.000Z' })]);
		expect(outbox.get(report.id)?.state).toBe('acknowledged');
	});

	it('signs the device in once per round with reports due, and not when nothing is due', async () => {
		const db = new ReportsDb({ indexedDB: new IDBFactory(), IDBKeyRange });
		let signIns = 0;
		const outbox = new ReportsOutbox(db, { send: async () => ({ kind: 'retry' }), now: () => 0, beforeSending: async () => signIns++ });
		await outbox.flush();
		expect(signIns).toBe(0);
		await outbox.save(input(), { practice: false, municipalities });
		await outbox.save(input(), { practice: false, municipalities });
		await outbox.flush();
		expect(signIns).toBeGreaterThanOrEqual(1);
		expect(signIns).toBeLessThanOrEqual(3);
	});

	it('uploads photos first, one by one, resuming after a cut, and leaves out a photo the server refuses', async () => {
		const db = new ReportsDb({ indexedDB: new IDBFactory(), IDBKeyRange });
		const uploads: string[] = [];
		const answers: ('uploaded' | 'refused' | 'retry')[] = ['uploaded', 'retry', 'uploaded', 'refused'];
		const sent: ReportInput[] = [];
		let clock = 0;
		const outbox = new ReportsOutbox(db, {
			now: () => clock,
			upload: async (id) => {
				uploads.push(id);
				return answers.shift() ?? 'retry';
			},
			send: async (i) => {
				sent.push(i);
				return { kind: 'received', published: published(i.id), municipality: 'providencia' };
			}
		});
		const ids = ['p1', 'p2', 'p3'];
		const report = input({ photoIds: ids });
		// Plain strings stand in for photos: fake-indexeddb stores them like blobs.
		await outbox.save(report, { practice: false, municipalities, photos: ['a', 'b', 'c'] as unknown as Blob[] });
		await outbox.flush();
		expect(uploads).toEqual(['p1', 'p2']);
		expect(sent).toHaveLength(0);
		clock += 60_000;
		await outbox.flush();
		expect(uploads).toEqual(['p1', 'p2', 'p2', 'p3']);
		expect(sent[0]?.photoIds).toEqual(['p1', 'p2']);
		expect(outbox.get(report.id)?.state).toBe('received');
	});
});
