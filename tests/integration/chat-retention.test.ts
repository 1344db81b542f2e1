import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, removeDir, startServer, type TestServer } from '../support/server.ts';
import { decide, staffCookie } from './reports-support.ts';
import { type Account, openProvider, postReport, providenciaPoint, resident, until } from './sync-support.ts';

const DAY_MS = 86_400_000;
const providers: WebsocketProvider[] = [];
const servers: TestServer[] = [];
afterAll(async () => {
	for (const p of providers) p.destroy();
	for (const s of servers) await s.stop();
	if (servers[0]) removeDir(servers[0].dataDir);
});

/** A real y-websocket client; it keeps reconnecting to the same port across a server restart. */
function connect(port: number, room: string, account: Account): Y.Doc {
	const provider = openProvider(`ws://127.0.0.1:${port}/sync`, room, account);
	providers.push(provider);
	return provider.doc;
}
const texts = (doc: Y.Doc) => doc.getArray<{ text: string }>('messages').toArray().map((m) => m.text);
const say = (doc: Y.Doc, author: string, text: string) => doc.getArray('messages').push([{ id: randomUUID().slice(0, 8), author, text, at: Date.now() }]);
/** Each incident its own place, ~550 m apart, so the server never groups them. */
const spot = (step: number) => ({ kind: 'point', point: [providenciaPoint[0] + step * 0.006, providenciaPoint[1]], source: 'map' });

describe('chat retention (CUADRA_CHAT_RETENTION_DAYS)', () => {
	it('empties the threads of an incident closed past the retention and of one nobody closed for 180 days, through the sync server, and the text leaves the store; a recent open thread is untouched', async () => {
		const port = await freePort();
		// Documents without a socket are compacted a second later; one secret across both starts.
		const env = { CUADRA_SYNC_IDLE_SECONDS: '1', CUADRA_CHAT_RETENTION_DAYS: '90', CUADRA_SECRET: 'x'.repeat(40) };
		const first = await startServer({ port, env });
		servers.push(first);
		const ana = await resident(first);
		const feed = async () => ((await (await fetch(`${first.url}/api/reports?municipality=providencia`)).json()) as { reports: { id: string; incidentId: string }[] }).reports;
		const incidentOf = async (report: string) => (await feed()).find((r) => r.id === report)?.incidentId as string;

		const closedReport = await postReport(first, ana, { location: spot(0), description: 'Poste apagado en la plaza' });
		const forgottenReport = await postReport(first, ana, { location: spot(2), description: 'Basura en la vereda' });
		const recentReport = await postReport(first, ana, { location: spot(4), description: 'Paradero roto' });
		const [closed, forgotten, recent] = await Promise.all([incidentOf(closedReport), incidentOf(forgottenReport), incidentOf(recentReport)]);
		expect(new Set([closed, forgotten, recent]).size).toBe(3);

		// Ana writes in three incident threads and in the old per-report thread of the closed one.
		const docs = {
			closed: connect(port, `incident:${closed}`, ana),
			closedReport: connect(port, `report:${closedReport}`, ana),
			forgotten: connect(port, `incident:${forgotten}`, ana),
			recent: connect(port, `incident:${recent}`, ana)
		};
		say(docs.closed, ana.userId, 'Texto-cerrado-secreto');
		say(docs.closedReport, ana.userId, 'Texto-reporte-antiguo');
		say(docs.forgotten, ana.userId, 'Texto-olvidado-secreto');
		say(docs.recent, ana.userId, 'Texto-reciente-queda');
		// Bea, another device, reads them all: they reached the server.
		const bea = await resident(first);
		const seen = {
			closed: connect(port, `incident:${closed}`, bea),
			closedReport: connect(port, `report:${closedReport}`, bea),
			forgotten: connect(port, `incident:${forgotten}`, bea),
			recent: connect(port, `incident:${recent}`, bea)
		};
		await until(() => Object.values(seen).every((d) => texts(d).length === 1), 'Bea to read the four messages');

		expect((await decide(first, await staffCookie(first, 'operator@providencia'), { incidentId: closed, status: 'closed', message: 'Poste reparado' })).status).toBe(200);
		await first.stop();

		// As if time had passed: closed 91 days ago; the other opened 181 days ago and never closed.
		const db = new Database(join(first.dataDir, 'cuadra.sqlite'));
		db.prepare('update incident set closed_at = ? where id = ?').run(new Date(Date.now() - 91 * DAY_MS).toISOString(), closed);
		db.prepare('update incident set opened_at = ? where id = ?').run(new Date(Date.now() - 181 * DAY_MS).toISOString(), forgotten);
		db.close();

		// The retention pass runs at start; the devices, still connected, reconnect to the same port.
		const second = await startServer({ port, dataDir: first.dataDir, env });
		servers.push(second);
		await until(() => [docs.closed, docs.closedReport, docs.forgotten, seen.closed, seen.closedReport, seen.forgotten].every((d) => texts(d).length === 0), 'the expired messages to leave both devices', 20_000);
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(texts(docs.recent)).toEqual(['Texto-reciente-queda']);
		expect(texts(seen.recent)).toEqual(['Texto-reciente-queda']);
		// The report's public meta stays.
		expect(docs.closedReport.getMap('meta').get('description')).toBe('Poste apagado en la plaza');

		// The devices close; a second later the documents are compacted and the text is gone from the file.
		for (const p of providers.splice(0)) p.destroy();
		const store = () => new Database(join(first.dataDir, 'cuadra.sqlite'), { readonly: true });
		await until(
			() => {
				const file = store();
				try {
					const rows = file.prepare('select doc, data from sync_update where doc in (?, ?, ?, ?)').all(`incident:${closed}`, `report:${closedReport}`, `incident:${forgotten}`, `incident:${recent}`) as { doc: string; data: Buffer }[];
					const has = (text: string) => rows.some((r) => r.data.includes(text));
					return !has('Texto-cerrado-secreto') && !has('Texto-reporte-antiguo') && !has('Texto-olvidado-secreto') && has('Texto-reciente-queda') && has('Poste apagado en la plaza');
				} finally {
					file.close();
				}
			},
			'the erased text to leave the stored documents',
			15_000
		);
		const file = store();
		try {
			const audited = file.prepare("select doc from sync_audit where user_id = 'server' and reason = 'chat retention' and outcome = 'accepted'").all() as { doc: string }[];
			expect(audited.map((r) => r.doc).sort()).toEqual([`incident:${closed}`, `incident:${forgotten}`, `report:${closedReport}`].sort());
		} finally {
			file.close();
		}
		expect(second.output()).toMatch(/Erased 3 chat message\(s\) in 3 thread\(s\)/);
	}, 90_000);
});
