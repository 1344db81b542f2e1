import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/index.ts';
import { useSeededStore } from '../db/test-store.ts';
import { docFromUpdates } from '../account/doc-content.ts';
import { syncDocs } from '../sync/docs.ts';
import { SqliteSyncStore } from '../sync/store/sqlite.ts';
import { acceptReport } from './accept.ts';
import { createChatRetention, dueChatDocs } from './chat-retention.ts';
import { reportsStore } from './schema.ts';

const DAY_MS = 86_400_000;
const now = new Date('2026-11-21T12:00:00Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
let db: Db;
let sync: SqliteSyncStore;

useSeededStore((opened, sqlite) => {
	db = opened;
	sync = new SqliteSyncStore(opened, sqlite);
});

/** A report in its own incident (each `step` ~550 m apart); returns report and incident ids. */
async function report(step: number): Promise<{ report: string; incident: string }> {
	const result = await acceptReport(
		db,
		null,
		{ id: randomUUID(), category: 'dumped_rubbish', description: 'Basura', location: { kind: 'point', point: [-70.6128 + step * 0.006, -33.4255], source: 'map' }, consentToCall: false, reportedAt: now.toISOString() },
		now
	);
	if (!result.ok) throw new Error(result.message);
	return { report: result.receipt.report.id, incident: result.receipt.report.incidentId };
}

/** Appends one stored update to `doc`, through the sync store as the sync server does. */
async function store(doc: string, update: Uint8Array): Promise<void> {
	await sync.write([{ type: 'update', doc, data: update, userId: 'server', newClients: [], at: now.toISOString() }]);
}
async function storeMessage(doc: string, text: string): Promise<void> {
	const ydoc = new Y.Doc();
	ydoc.getArray('messages').push([{ id: randomUUID().slice(0, 8), author: 'u1', text, at: 0 }]);
	await store(doc, Y.encodeStateAsUpdate(ydoc));
}
async function storedTexts(doc: string): Promise<string[]> {
	return docFromUpdates((await sync.load(doc)).updates)
		.getArray<{ text: string }>('messages')
		.toArray()
		.map((m) => m.text);
}

/** Stands in for `SyncServer.writeAsServer` over the same store: the edit runs on the stored document and its change is appended. */
function storeWriter() {
	const writes: string[] = [];
	const write = async (room: string, edit: (doc: Y.Doc) => void) => {
		writes.push(room);
		const ydoc = docFromUpdates((await sync.load(room)).updates);
		const before = Y.encodeStateVector(ydoc);
		edit(ydoc);
		const update = Y.encodeStateAsUpdate(ydoc, before);
		await store(room, update);
		return true;
	};
	return { writes, write };
}

describe('chat retention', () => {
	it('picks the threads of incidents closed before the retention or opened more than 180 days ago, and their reports’ old threads, when stored', async () => {
		const closedLong = await report(0);
		const closedRecently = await report(2);
		const forgotten = await report(4);
		const open = await report(6);
		const store = reportsStore(db);
		await store.updateTable('incident').set({ status: 'closed', closed_at: ago(91) }).where('id', '=', closedLong.incident).execute();
		await store.updateTable('incident').set({ status: 'closed', closed_at: ago(89) }).where('id', '=', closedRecently.incident).execute();
		await store.updateTable('incident').set({ opened_at: ago(181) }).where('id', '=', forgotten.incident).execute();
		for (const r of [closedLong, closedRecently, forgotten, open]) {
			await storeMessage(`incident:${r.incident}`, 'hola');
			await storeMessage(`report:${r.report}`, 'hola');
		}
		const docs = syncDocs(sync, storeWriter().write);
		const due = await dueChatDocs(db, docs, 90, now);
		expect([...due.keys()].sort()).toEqual([`incident:${closedLong.incident}`, `report:${closedLong.report}`, `incident:${forgotten.incident}`, `report:${forgotten.report}`].sort());
		expect(due.get(`incident:${closedLong.incident}`)).toBe(1);
		// A shorter setting reaches the recently closed one too.
		expect([...(await dueChatDocs(db, docs, 30, now)).keys()]).toContain(`incident:${closedRecently.incident}`);
	});

	it('empties due threads through the server’s write, keeps the rest of the document, and reads an emptied thread again only when something new was stored', async () => {
		const old = await report(0);
		await reportsStore(db).updateTable('incident').set({ status: 'closed', closed_at: ago(100) }).where('id', '=', old.incident).execute();
		const thread = `incident:${old.incident}`;
		await storeMessage(thread, 'uno');
		await storeMessage(thread, 'dos');
		const meta = new Y.Doc();
		meta.getMap('meta').set('description', 'Basura');
		await store(`report:${old.report}`, Y.encodeStateAsUpdate(meta));

		const { writes, write } = storeWriter();
		const retention = createChatRetention({ db, docs: syncDocs(sync, write), write, afterClosedDays: 90 });
		expect(await retention.run(now)).toEqual({ docs: 1, messages: 2 });
		// The report's document has no messages: it is not written to.
		expect(writes).toEqual([thread]);
		expect(await storedTexts(thread)).toEqual([]);

		// Nothing new: the next pass writes nothing.
		expect(await retention.run(now)).toEqual({ docs: 0, messages: 0 });
		expect(await retention.run(now)).toEqual({ docs: 0, messages: 0 });
		expect(writes).toEqual([thread]);

		// Someone writes to the old thread afterwards: the next pass empties it again.
		await storeMessage(thread, 'tres');
		expect(await retention.run(now)).toEqual({ docs: 1, messages: 1 });
		expect(await storedTexts(thread)).toEqual([]);
	});
});
