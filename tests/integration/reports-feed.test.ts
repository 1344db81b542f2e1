import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readFeed, readFeedSettings } from '../../src/lib/domain/feed-doc.ts';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import { decide, staffCookie } from './reports-support.ts';
import { type Account, openProvider, postReport, RawClient, resident, serverWithProviders, until, upgradeStatus, wsUrl } from './sync-support.ts';

const { server, track } = serverWithProviders();

/** A device subscribed to a feed with y-websocket, as the app does. */
function subscribe(municipality: string, account: Account): WebsocketProvider {
	const provider = openProvider(wsUrl(server), `feed:${municipality}`, account);
	track(provider);
	return provider;
}
const entryOf = (doc: Y.Doc, municipality: string, id: string) => readFeed(doc, municipality).find((r) => r.id === id);

describe('feed:<municipality>, written by the server', () => {
	it('a report posted over HTTP reaches a second resident’s subscribed feed at once, without who reported', async () => {
		const ana = await resident(server);
		const ben = await resident(server);
		const b = subscribe('providencia', ben);
		await until(() => b.synced, 'B to sync the feed');
		const started = Date.now();
		const id = await postReport(server, ana, { description: 'Semáforo apagado en la esquina' });
		const answered = Date.now();
		const entry = await until(() => entryOf(b.doc, 'providencia', id), 'the report in B’s feed', 5000);
		const arrived = Date.now();
		expect(entry).toMatchObject({ id, municipality: 'providencia', category: 'streetlight_out', description: 'Semáforo apagado en la esquina', status: 'received', closingMessage: null, coarse: false });
		// Written before the HTTP answer: by then it is on its way to every subscriber.
		expect(arrived - answered).toBeLessThan(1000);
		expect(arrived - started).toBeLessThan(3000);
		expect(JSON.stringify(b.doc.toJSON())).not.toContain(ana.userId);
		expect(readFeedSettings(b.doc)).toEqual({ staleAfterHours: 72, coarseCategories: expect.arrayContaining(['home_burglary']) });
		// The same as the JSON feed.
		const json = (await (await fetch(`${server.url}/api/reports?municipality=providencia`)).json()) as { reports: { id: string }[] };
		expect(json.reports.find((r) => r.id === id)).toEqual(entry);
		// A neighbouring municipality's resident reads it too (public data).
		const nina = await new RawClient(server, 'feed:providencia', (await resident(server, 'las-condes')).token).ready();
		expect(entryOf(nina.doc, 'providencia', id)).toEqual(entry);
		nina.close();
	});

	it('an operator’s decisions overwrite the entry: acknowledged, then closed with the message', async () => {
		const ana = await resident(server);
		const b = subscribe('providencia', await resident(server));
		await until(() => b.synced, 'B to sync the feed');
		const id = await postReport(server, ana, { description: 'Basura en la vereda', category: 'dumped_rubbish' });
		const { incidentId } = await until(() => entryOf(b.doc, 'providencia', id), 'the report in the feed');
		const operator = await staffCookie(server, 'operator@providencia');
		expect((await decide(server, operator, { incidentId, status: 'acknowledged' })).status).toBe(200);
		await until(() => entryOf(b.doc, 'providencia', id)?.status === 'acknowledged', 'acknowledged in the feed', 2000);
		expect((await decide(server, operator, { incidentId, status: 'closed', message: 'Retiramos la basura' })).status).toBe(200);
		const closed = await until(() => (entryOf(b.doc, 'providencia', id)?.status === 'closed' ? entryOf(b.doc, 'providencia', id) : null), 'closed in the feed', 2000);
		expect(closed.closingMessage).toBe('Retiramos la basura');
		expect(b.doc.getMap('closing').get(incidentId)).toBe('Retiramos la basura');
	});

	it('refuses a resident writing the feed (4403), and nobody else sees the change', async () => {
		const ana = await resident(server);
		const id = await postReport(server, ana);
		const observer = await new RawClient(server, 'feed:providencia', (await resident(server)).token).ready();
		const before = entryOf(observer.doc, 'providencia', id);
		expect(before?.status).toBe('received');
		const forger = await new RawClient(server, 'feed:providencia', ana.token).ready();
		const forged = [...(forger.doc.getMap('reports').get(id) as unknown[])];
		forged[11] = 'closed';
		forger.edit((doc) => {
			doc.getMap('reports').set(id, forged);
			doc.getMap('closing').set(before?.incidentId ?? '', 'Falso');
		});
		expect(await forger.waitClosed()).toEqual({ code: CloseCode.refused, reason: expect.stringMatching(/only the server writes|may only read/) });
		const deleter = await new RawClient(server, 'feed:providencia', (await staffCookieAccount('operator@providencia')).token).ready();
		deleter.edit((doc) => doc.getMap('reports').delete(id));
		expect((await deleter.waitClosed()).code).toBe(CloseCode.refused);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(entryOf(observer.doc, 'providencia', id)).toEqual(before);
		const later = await new RawClient(server, 'feed:providencia', (await resident(server)).token).ready();
		expect(entryOf(later.doc, 'providencia', id)).toEqual(before);
		expect(later.doc.getMap('closing').has(before?.incidentId ?? '')).toBe(false);
		observer.close();
		later.close();
	});

	it('refuses an unknown municipality’s feed and anyone not signed in', async () => {
		const ana = await resident(server);
		expect(await upgradeStatus(server, 'feed:atlantis', { cookie: `cuadra_session=${encodeURIComponent(ana.token)}` })).toBe(403);
		expect(await upgradeStatus(server, 'feed:providencia')).toBe(401);
	});

	it('fills a feed and a report’s meta from a store that had them before documents existed, once', async () => {
		// Reports written straight into the store, as before the feed document existed.
		const db = new Database(join(server.dataDir, 'cuadra.sqlite'));
		const ids = [randomUUID(), randomUUID(), randomUUID()];
		const now = Date.now();
		try {
			db.transaction(() => {
				ids.forEach((id, i) => {
					const incident = randomUUID();
					const at = new Date(now - (i === 2 ? 91 : i + 1) * 86_400_000).toISOString();
					db.prepare('insert into incident (id, municipality_id, category_group, status, opened_at, closed_at, closing_message) values (?, ?, ?, ?, ?, ?, ?)').run(
						incident, 'las-condes', 'neighbourhood', i === 1 ? 'closed' : 'open', at, i === 1 ? at : null, i === 1 ? 'Reparado' : null
					);
					db.prepare(
						'insert into report (id, municipality_id, incident_id, category, category_group, description, public_lng, public_lat, coarse, public_place, photo_ids, reported_at, received_at, status, status_at, pseudonym) values (?, ?, ?, ?, ?, ?, ?, ?, 0, null, ?, ?, ?, ?, ?, null)'
					).run(id, 'las-condes', incident, 'streetlight_out', 'neighbourhood', `Antiguo ${i}`, -70.55, -33.41, '[]', at, at, i === 1 ? 'closed' : 'received', at);
				});
			})();
		} finally {
			db.close();
		}
		const reader = await new RawClient(server, 'feed:las-condes', (await resident(server)).token).ready();
		const feed = readFeed(reader.doc, 'las-condes');
		// The one older than 90 days stays out of the feed.
		expect(feed.map((r) => r.id).sort()).toEqual([ids[0], ids[1]].sort());
		expect(feed.find((r) => r.id === ids[1])).toMatchObject({ status: 'closed', closingMessage: 'Reparado', description: 'Antiguo 1' });
		reader.close();

		// The report's document gets its meta from the store when first opened.
		const doc = await new RawClient(server, `report:${ids[0]}`, (await resident(server, 'las-condes')).token).ready();
		expect(doc.doc.getMap('meta').toJSON()).toMatchObject({ municipality: 'las-condes', category: 'streetlight_out', description: 'Antiguo 0', practice: false, creator: expect.stringMatching(/^r-/) });
		doc.close();
		const again = await new RawClient(server, `report:${ids[0]}`, (await resident(server)).token).ready();
		again.close();
		const feedAgain = await new RawClient(server, 'feed:las-condes', (await resident(server)).token).ready();
		feedAgain.close();

		// One server write each, audited; opening again wrote nothing.
		const audit = new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true });
		try {
			expect(audit.prepare('select user_id, reason from sync_audit where doc = ? order by seq').all(`report:${ids[0]}`)).toEqual([{ user_id: 'server', reason: 'report accepted' }]);
			expect(audit.prepare('select user_id, reason from sync_audit where doc = ? order by seq').all('feed:las-condes')).toEqual([{ user_id: 'server', reason: 'feed filled from the store' }]);
		} finally {
			audit.close();
		}
	});
});

/** A staff member's session as an account for the raw client. */
async function staffCookieAccount(username: string): Promise<Account> {
	const cookie = await staffCookie(server, username);
	return { userId: '', token: decodeURIComponent(cookie.replace(/^cuadra_session=/, '')) };
}
