import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ReportsDb } from './db.ts';
import { feedReport } from './feed-fixtures.ts';
import { LooksState } from './looks.svelte.ts';

const report = feedReport('00000000-0000-4000-8000-000000000001', { status: 'acknowledged', statusAt: '2026-11-21T12:10:00.000Z' });

describe('LooksState', () => {
	it('says nothing changed until the look is read, then what changed since; a look remembered is kept on the device', async () => {
		const db = new ReportsDb({ indexedDB: new IDBFactory(), IDBKeyRange });
		const looks = new LooksState(db, () => new Date('2026-11-21T13:00:00.000Z'));
		expect(looks.changes(report)).toEqual([]);
		// Never opened: a status past "received" is news.
		await expect.poll(() => looks.changes(report)).toEqual([{ kind: 'status', from: 'received', to: 'acknowledged' }]);
		await looks.remember(report);
		expect(looks.changes(report)).toEqual([]);
		expect(await db.looks.get(report.id)).toMatchObject({ status: 'acknowledged', at: '2026-11-21T13:00:00.000Z' });

		const later = new LooksState(db);
		const closed = { ...report, status: 'closed' as const, statusAt: '2026-11-21T14:00:00.000Z', closingMessage: 'Listo' };
		await expect.poll(() => later.changes(closed)).toEqual([{ kind: 'status', from: 'acknowledged', to: 'closed' }, { kind: 'closing' }]);
		db.close();
	});
});
