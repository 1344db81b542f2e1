import { randomUUID } from 'node:crypto';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import { type Account, openProvider, postReport, providenciaPoint, resident, serverWithProviders, until, upgradeStatus, wsUrl } from './sync-support.ts';

const { server, track } = serverWithProviders();

/** A real y-websocket client on `room`, remembering how the server closed it (if it did). */
function connect(room: string, account: Account): { provider: WebsocketProvider; closed: () => { code: number; reason: string } | null } {
	let closed: { code: number; reason: string } | null = null;
	const provider = openProvider(wsUrl(server), room, account);
	provider.on('closed', (event) => (closed = { code: event.code, reason: event.reason }));
	track(provider);
	return { provider, closed: () => closed };
}
const texts = (doc: Y.Doc) => doc.getArray<{ text: string }>('messages').toArray().map((m) => m.text);
const say = (doc: Y.Doc, author: string, text: string) => doc.getArray('messages').push([{ id: randomUUID().slice(0, 8), author, text, at: Date.now() }]);

/** The incident the server grouped a report into, as the public feed says. */
async function incidentOf(reportId: string): Promise<string> {
	const feed = (await (await fetch(`${server.url}/api/reports?municipality=providencia`)).json()) as { reports: { id: string; incidentId: string }[] };
	const found = feed.reports.find((r) => r.id === reportId);
	if (!found) throw new Error(`report ${reportId} is not in the feed`);
	return found.incidentId;
}

/** A point in Providencia `step` × ~550 m east of the metro: each test its own place, so its own incident. */
const spot = (step: number) => [providenciaPoint[0] + step * 0.006, providenciaPoint[1]];
const at = (point: number[]) => ({ kind: 'point', point, source: 'map' });

/** Two security reports 40 m and moments apart, of different categories: one event, so one incident. */
async function twoReportsOfOneEvent(reporter: Account, step: number): Promise<string> {
	const first = await postReport(server, reporter, { category: 'robbery', description: 'Le quitaron la cartera', location: at(spot(step)) });
	const near = [spot(step)[0]! + 0.0004, spot(step)[1]!];
	const second = await postReport(server, reporter, { category: 'commotion', description: 'Gritos en la esquina', location: at(near) });
	const incident = await incidentOf(first);
	expect(await incidentOf(second)).toBe(incident);
	return incident;
}

describe('incident:<id>, the one thread of an incident', () => {
	it('lets a resident of the municipality write and a neighbouring municipality only read', async () => {
		const reporter = await resident(server);
		const incident = await twoReportsOfOneEvent(reporter, 0);
		const room = `incident:${incident}`;
		const bea = await resident(server);
		const neighbour = await resident(server, 'las-condes');
		const b = connect(room, bea);
		const n = connect(room, neighbour);
		await until(() => b.provider.synced && n.provider.synced, 'both to sync');
		say(b.provider.doc, bea.userId, 'Pasó frente al almacén');
		await until(() => texts(n.provider.doc).includes('Pasó frente al almacén'), 'the neighbour to read the message');
		// The neighbouring municipality reads, but may not write.
		say(n.provider.doc, neighbour.userId, 'Desde Las Condes');
		expect(await until(() => n.closed(), 'the neighbour to be refused')).toEqual({ code: CloseCode.refused, reason: expect.stringContaining('read') });
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(texts(b.provider.doc)).toEqual(['Pasó frente al almacén']);
	});

	it('lets any reporter of one of its reports write, from another municipality too, also when the report joins while the thread is open', async () => {
		const local = await resident(server);
		const first = await postReport(server, local, { category: 'robbery', location: at(spot(-1)) });
		const incident = await incidentOf(first);
		const watcher = connect(`incident:${incident}`, await resident(server));
		await until(() => watcher.provider.synced, 'the thread to be open (loaded on the server)');
		// A visitor from Las Condes, not a member of Providencia: reads only, until they report the event.
		const visitor = await resident(server, 'las-condes');
		const early = connect(`incident:${incident}`, visitor);
		await until(() => early.provider.synced, 'the visitor to sync');
		say(early.provider.doc, visitor.userId, 'Antes de reportar');
		expect((await until(() => early.closed(), 'the visitor to be refused')).code).toBe(CloseCode.refused);
		const theirs = await postReport(server, visitor, { category: 'commotion', location: at([spot(-1)[0]! + 0.0003, spot(-1)[1]!]) });
		expect(await incidentOf(theirs)).toBe(incident);
		const v = connect(`incident:${incident}`, visitor);
		await until(() => v.provider.synced, 'the reporter to sync');
		say(v.provider.doc, visitor.userId, 'Yo lo reporté');
		await until(() => texts(watcher.provider.doc).includes('Yo lo reporté'), 'the reporter’s message to arrive');
		expect(v.closed()).toBeNull();
		expect(texts(watcher.provider.doc)).toEqual(['Yo lo reporté']);
	});

	it('refuses a message signed with someone else’s user id', async () => {
		const reporter = await resident(server);
		const incident = await twoReportsOfOneEvent(reporter, 1);
		const forger = await resident(server);
		const f = connect(`incident:${incident}`, forger);
		await until(() => f.provider.synced, 'the forger to sync');
		say(f.provider.doc, reporter.userId, 'Firmado por otro');
		expect(await until(() => f.closed(), 'the forged message to be refused')).toEqual({ code: CloseCode.refused, reason: expect.stringContaining('author') });
		const reader = connect(`incident:${incident}`, await resident(server));
		await until(() => reader.provider.synced, 'a reader to sync');
		expect(texts(reader.provider.doc)).toEqual([]);
	});

	it('refuses residents writing staff events', async () => {
		const reporter = await resident(server);
		const incident = await twoReportsOfOneEvent(reporter, -2);
		const r = connect(`incident:${incident}`, reporter);
		await until(() => r.provider.synced, 'the reporter to sync');
		r.provider.doc.getArray('events').push([{ id: 'e1', author: reporter.userId, type: 'closed', at: Date.now() }]);
		expect((await until(() => r.closed(), 'the event to be refused')).code).toBe(CloseCode.refused);
	});

	it('refuses opening an incident the server does not know (403), and a report id is not an incident', async () => {
		const ana = await resident(server);
		const report = await postReport(server, ana, { location: at(spot(2)) });
		expect(await upgradeStatus(server, `incident:${randomUUID()}`, { authorization: `Bearer ${ana.token}` })).toBe(403);
		expect(await upgradeStatus(server, `incident:${report}`, { authorization: `Bearer ${ana.token}` })).toBe(403);
		expect(await upgradeStatus(server, `incident:${await incidentOf(report)}`, { authorization: `Bearer ${ana.token}` })).toBe(101);
	});
});
