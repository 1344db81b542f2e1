import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { WebsocketProvider } from 'y-websocket';
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import { readFeed } from '../../src/lib/domain/feed-doc.ts';
import type { ReportFeed } from '../../src/lib/domain/report.ts';
import type { ModerationCounts, ModerationQueue, OwnDecision, ReviewQueueEntry } from '../../src/lib/domain/moderation.ts';
import type { AuditEntry } from '../../src/lib/domain/audit.ts';
import { act, call, messagesIn, sendReport, sessionOf, staffView } from './ops-support.ts';
import { signedIn } from './staff-support.ts';
import { openProvider, RawClient, resident, serverWithProviders, staff, until, wsUrl, type Account } from './sync-support.ts';

/**
 * Issue 16, items 1, 2 and 5 over the real server: flags (once per person, rate limited, only for
 * what exists), the queue for the municipality's staff only, hiding a message with a reason (gone
 * from every device and, after compaction, from the stored rows; its place says why), restoring it
 * (admins only, with a reason), each decision in the record; and a raw client that tries to forge
 * the municipality's moderation.
 */
const { server, track } = serverWithProviders();
const open = (room: string, account: Account): WebsocketProvider => track(openProvider(wsUrl(server), room, account));
const secret = 'Chaqueta-roja-vive-en-Los-Leones-1234';
/** Places in Providencia far enough apart that each test's report opens its own incident. */
const spots: [number, number][] = [
	[-70.622, -33.428],
	[-70.61, -33.428],
	[-70.616, -33.434]
];
let spot = 0;
/** Staff sign in once for the whole file: the sign-in's rate limit counts every test's. */
const signedStaff = new Map<string, Promise<Account>>();
const staffAs = (username: string): Promise<Account> => {
	let account = signedStaff.get(username);
	if (!account) signedStaff.set(username, (account = staff(server, username)));
	return account;
};

async function thread() {
	const [ana, ben, olga, admin, elsewhere] = await Promise.all([resident(server), resident(server), staffAs('operator@providencia'), staffAs('admin@providencia'), staffAs('operator@las-condes')]);
	const receipt = await sendReport(server, ana, { location: { kind: 'point', point: spots[spot++ % spots.length], source: 'gps' } });
	const room = `incident:${receipt.incidentId}`;
	const anaSees = open(room, ana);
	const benWrites = open(room, ben);
	await until(() => anaSees.synced && benWrites.synced, 'both threads');
	const message = { id: `m-ben-${Date.now()}`, author: ben.userId, text: `Era un tipo con ${secret}`, at: Date.now() };
	benWrites.doc.getArray('messages').push([message]);
	const mine = { id: `m-ana-${Date.now()}`, author: ana.userId, text: 'Gracias por avisar', at: Date.now() + 1 };
	anaSees.doc.getArray('messages').push([mine]);
	await until(() => messagesIn(anaSees.doc).some((m) => m.id === message.id) && messagesIn(benWrites.doc).some((m) => m.id === mine.id), 'the messages on both devices');
	// Saved on the server (what the flag checks): a fresh reader receives both.
	const check = await new RawClient(server, room, ana.token).ready();
	await until(() => [message.id, mine.id].every((id) => messagesIn(check.doc).some((m) => m.id === id)), 'the messages stored');
	check.close();
	return { ana, ben, olga, admin, elsewhere, room, incidentId: receipt.incidentId, message, mine, anaSees };
}

/** The queue's items about one thread (each test has its own). */
const queue = async (account: Account, room: string, status: 'open' | 'hidden' = 'open') => {
	const response = await call(server, account, 'GET', `/api/ops/moderation?municipality=providencia&status=${status}`);
	expect(response.status).toBe(200);
	return ((await response.json()) as ModerationQueue).items.filter((i) => i.item.kind === 'message' && i.item.thread === room);
};

describe('moderation', () => {
	it('flags count once per person, only for what exists, go to the staff of its municipality, and are rate limited', async () => {
		const { ana, olga, elsewhere, room, message } = await thread();
		const item = { kind: 'message', thread: room, id: message.id };
		const flag = (account: Account | null, body: unknown) => call(server, account, 'POST', '/api/moderation/flags', body);
		expect(await (await flag(ana, { item, reason: 'looks' })).json()).toEqual({ counted: true });
		expect(await (await flag(ana, { item, reason: 'abuse' })).json()).toEqual({ counted: false });
		const carla = await resident(server);
		expect((await flag(carla, { item, reason: 'personal_data', note: 'Dice dónde vive' })).status).toBe(202);
		// Refusals, in words.
		expect((await flag(null, { item, reason: 'looks' })).status).toBe(401);
		const other = await flag(ana, { item, reason: 'other' });
		expect(other.status).toBe(400);
		expect(((await other.json()) as { error: { message: string } }).error.message).toContain('say what is wrong');
		expect((await flag(ana, { item: { ...item, id: 'no-such-message' }, reason: 'abuse' })).status).toBe(404);
		expect((await flag(ana, { item: { kind: 'report', id: 'no-such-report' }, reason: 'false' })).status).toBe(404);

		const [queued] = await queue(olga, room);
		expect(queued).toMatchObject({ item, status: 'open', flags: 2, reasons: { looks: 1, personal_data: 1 }, notes: ['Dice dónde vive'], text: message.text, hidden: null });
		expect(JSON.stringify(queued)).not.toContain(ana.userId);
		expect((await call(server, elsewhere, 'GET', '/api/ops/moderation?municipality=providencia')).status).toBe(403);
		expect((await call(server, ana, 'GET', '/api/ops/moderation?municipality=providencia')).status).toBe(403);
		expect((await call(server, elsewhere, 'POST', '/api/ops/moderation/hide', { item, reason: 'looks' })).status).toBe(403);

		// Twenty flags an hour per resident; the next waits.
		const dora = await resident(server);
		for (let i = 0; i < 20; i++) expect((await flag(dora, { item, reason: 'abuse' })).status).toBe(202);
		const limited = await flag(dora, { item, reason: 'abuse' });
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
	});

	it('hides a message with a reason: gone from every device and the stored rows, its place says why; an admin restores it with a reason; both are in the record', async () => {
		const { ana, ben, olga, admin, room, message, mine, anaSees } = await thread();
		const item = { kind: 'message', thread: room, id: message.id };
		await call(server, ana, 'POST', '/api/moderation/flags', { item, reason: 'personal_data' });

		const hidden = await call(server, olga, 'POST', '/api/ops/moderation/hide', { item, reason: 'personal_data', note: 'Dirección de un vecino' });
		expect(hidden.status, await hidden.clone().text()).toBe(200);
		expect(((await hidden.json()) as { item: { status: string; hidden: { by: string } } }).item).toMatchObject({ status: 'hidden', hidden: { reason: 'personal_data', note: 'Dirección de un vecino', by: 'operator@providencia' } });
		expect((await call(server, olga, 'POST', '/api/ops/moderation/hide', { item, reason: 'looks' })).status).toBe(409);

		// Ana's open device: the message goes, its place says why (no text, no name).
		await until(() => !messagesIn(anaSees.doc).some((m) => m.id === message.id), 'the message to leave Ana’s device');
		expect(anaSees.doc.getMap('moderation').get(message.id)).toEqual({ reason: 'personal_data', at: message.at, hiddenAt: expect.any(Number) });
		expect(messagesIn(anaSees.doc).map((m) => m.id)).toEqual([mine.id]);
		// A fresh device never receives the text.
		const fresh = await new RawClient(server, room, (await resident(server)).token).ready();
		expect(fresh.frames.some((f) => Buffer.from(f).includes(secret))).toBe(false);
		expect(fresh.doc.getMap('moderation').has(message.id)).toBe(true);
		fresh.close();
		// The stored rows no longer hold it (compacted after the decision); the decision keeps the original.
		const file = new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true });
		try {
			const rows = file.prepare('select data from sync_update where doc = ?').all(room) as { data: Buffer }[];
			expect(rows.length).toBeGreaterThan(0);
			expect(rows.some((r) => r.data.includes(secret))).toBe(false);
			expect((file.prepare("select original from moderation_decision where action = 'hidden' and item_key = ?").get(`message:${room}:${message.id}`) as { original: string }).original).toContain(secret);
		} finally {
			file.close();
		}
		expect(await queue(olga, room)).toEqual([]);
		expect((await queue(olga, room, 'hidden')).map((i) => i.item)).toEqual([item]);

		// Restoring is the admins' decision, with a reason.
		expect((await call(server, olga, 'POST', '/api/ops/moderation/restore', { item, reason: 'Era información pública' })).status).toBe(403);
		expect((await call(server, admin, 'POST', '/api/ops/moderation/restore', { item, reason: '' })).status).toBe(400);
		expect((await call(server, admin, 'POST', '/api/ops/moderation/restore', { item, reason: 'Revisado: no identifica a nadie' })).status).toBe(200);
		await until(() => messagesIn(anaSees.doc).some((m) => m.id === message.id && m.author === ben.userId), 'the message back on Ana’s device');
		expect(anaSees.doc.getMap('moderation').has(message.id)).toBe(false);
		expect((await call(server, admin, 'POST', '/api/ops/moderation/restore', { item, reason: 'otra vez' })).status).toBe(409);

		const audit = (await (await call(server, admin, 'GET', '/api/audit?municipality=providencia&kind=moderation')).json()) as { entries: AuditEntry[] };
		const mineOnly = audit.entries.filter((e) => e.subject.id === `${room}/${message.id}`);
		expect(mineOnly.map((e) => [e.action, e.actor?.name, e.reason, e.replaced, e.result])).toEqual([
			['restored', 'admin@providencia', 'Revisado: no identifica a nadie', 'hidden', 'shown'],
			['hidden', 'operator@providencia', 'personal_data: Dirección de un vecino', 'shown', 'hidden']
		]);
	});

	it('dismissing leaves the message and empties the queue; a resident cannot forge the municipality’s moderation nor delete another’s message, nor can staff over sync', async () => {
		const { ana, ben, olga, room, message, mine } = await thread();
		const item = { kind: 'message', thread: room, id: message.id };
		await call(server, ana, 'POST', '/api/moderation/flags', { item, reason: 'false' });
		expect((await call(server, olga, 'POST', '/api/ops/moderation/dismiss', { item, note: 'Es una opinión' })).status).toBe(200);
		expect(await queue(olga, room)).toEqual([]);
		expect((await call(server, olga, 'POST', '/api/ops/moderation/dismiss', { item })).status).toBe(409);

		// Ben, on a raw socket: a placeholder of his own making over Ana's message, then deleting hers.
		const forger = await new RawClient(server, room, ben.token).ready();
		forger.edit((doc) => doc.getMap('moderation').set(mine.id, { reason: 'abuse', at: mine.at, hiddenAt: Date.now() }));
		expect((await forger.waitClosed()).code).toBe(CloseCode.refused);
		const deleter = await new RawClient(server, room, ben.token).ready();
		deleter.edit((doc) => {
			const list = doc.getArray<{ id: string }>('messages');
			list.delete(
				list.toArray().findIndex((m) => m.id === mine.id),
				1
			);
		});
		expect((await deleter.waitClosed()).code).toBe(CloseCode.refused);
		// Staff too: a message leaves a thread only by hiding it, which records who and why.
		const operatorDeletes = await new RawClient(server, room, olga.token).ready();
		operatorDeletes.edit((doc) => doc.getArray('messages').delete(0, 1));
		expect((await operatorDeletes.waitClosed()).code).toBe(CloseCode.refused);
		// Nobody saw any of it: a fresh reader has both messages and no placeholder.
		const reader = await new RawClient(server, room, ana.token).ready();
		expect(reader.doc.getArray<{ id: string }>('messages').toArray().map((m) => m.id).sort()).toEqual([message.id, mine.id].sort());
		expect(reader.doc.getMap('moderation').size).toBe(0);
		reader.close();
	});

	it('limits a message’s author from writing in the municipality’s threads: refused by the sync server in every thread until an admin lifts it; the resident reads why and until when', async () => {
		const { ana, ben, olga, admin, elsewhere, room, message } = await thread();
		const item = { kind: 'message', thread: room, id: message.id };
		const limit = (account: Account, body: unknown) => call(server, account, 'POST', '/api/ops/moderation/limits', body);
		// Refusals first, in words: a resident, another municipality's operator, no days, the municipality's own message.
		expect((await limit(ana, { item, reason: 'abuse', days: 7 })).status).toBe(403);
		expect((await limit(elsewhere, { item, reason: 'abuse', days: 7 })).status).toBe(403);
		expect((await limit(olga, { item, reason: 'abuse' })).status).toBe(400);
		expect((await limit(olga, { item: { ...item, id: 'no-such-message' }, reason: 'abuse', days: 7 })).status).toBe(404);

		const before = Date.now();
		const set = await limit(olga, { item, reason: 'abuse', note: 'Insultos repetidos', days: 7 });
		expect(set.status, await set.clone().text()).toBe(200);
		const { limit: made } = (await set.json()) as { limit: { id: string; until: string } };
		// The server's clock sets the end: seven days from now.
		expect(Date.parse(made.until) - before).toBeGreaterThanOrEqual(7 * 86_400_000 - 1000);
		expect(Date.parse(made.until) - before).toBeLessThan(7 * 86_400_000 + 60_000);
		expect((await limit(olga, { item, reason: 'abuse', days: 1 })).status).toBe(409);

		// Ben reads why and until when, and never who.
		const mine = (await (await call(server, ben, 'GET', '/api/moderation/limits/mine')).json()) as { limits: unknown[] };
		expect(mine.limits).toEqual([{ municipalityId: 'providencia', reason: 'abuse', until: made.until }]);
		expect(JSON.stringify(mine)).not.toContain('operator@providencia');
		expect(((await (await call(server, ana, 'GET', '/api/moderation/limits/mine')).json()) as { limits: unknown[] }).limits).toEqual([]);
		// The console lists it, with who set it.
		const listed = (await (await call(server, olga, 'GET', '/api/ops/moderation/limits?municipality=providencia')).json()) as { limits: { id: string; by: string; item: unknown }[] };
		expect(listed.limits.find((l) => l.id === made.id)).toMatchObject({ item, reason: 'abuse', note: 'Insultos repetidos', by: 'operator@providencia', until: made.until });

		// On a raw socket, Ben's message is refused in this thread and in another of the municipality; nobody sees it.
		const other = await sendReport(server, ana, { location: { kind: 'point', point: [-70.6, -33.44], source: 'gps' } });
		for (const target of [room, `incident:${other.incidentId}`]) {
			const blocked = await new RawClient(server, target, ben.token).ready();
			blocked.edit((doc) => doc.getArray('messages').push([{ id: `m-blocked-${target.length}`, author: ben.userId, text: 'Otra vez yo', at: Date.now() }]));
			const closed = await blocked.waitClosed();
			expect(closed.code).toBe(CloseCode.refused);
			expect(closed.reason).toContain('limited');
			const reader = await new RawClient(server, target, ana.token).ready();
			expect(reader.doc.getArray<{ text: string }>('messages').toArray().some((m) => m.text === 'Otra vez yo')).toBe(false);
			reader.close();
		}
		// Others write as before.
		const anaWrites = await new RawClient(server, room, ana.token).ready();
		anaWrites.edit((doc) => doc.getArray('messages').push([{ id: `m-ana-after-${Date.now()}`, author: ana.userId, text: 'Sigo aquí', at: Date.now() }]));
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(anaWrites.closed).toBeNull();
		anaWrites.close();

		// Lifting is the admins' decision, with a reason; then Ben writes again.
		const lift = (account: Account, body: unknown) => call(server, account, 'POST', '/api/ops/moderation/limits/lift', body);
		expect((await lift(olga, { id: made.id, reason: 'Se disculpó' })).status).toBe(403);
		expect((await lift(admin, { id: made.id, reason: '' })).status).toBe(400);
		expect((await lift(admin, { id: made.id, reason: 'Se disculpó en persona' })).status).toBe(200);
		expect((await lift(admin, { id: made.id, reason: 'otra vez' })).status).toBe(409);
		expect(((await (await call(server, ben, 'GET', '/api/moderation/limits/mine')).json()) as { limits: unknown[] }).limits).toEqual([]);
		const free = await new RawClient(server, room, ben.token).ready();
		free.edit((doc) => doc.getArray('messages').push([{ id: `m-ben-free-${Date.now()}`, author: ben.userId, text: 'Perdón a todos', at: Date.now() }]));
		const reader = await new RawClient(server, room, ana.token).ready();
		await until(() => reader.doc.getArray<{ text: string }>('messages').toArray().some((m) => m.text === 'Perdón a todos'), 'Ben’s message after the lift');
		reader.close();
		free.close();

		// Both decisions are in the record, with who and why.
		const audit = (await (await call(server, admin, 'GET', '/api/audit?municipality=providencia&kind=moderation')).json()) as { entries: AuditEntry[] };
		const about = audit.entries.filter((e) => e.id.startsWith(made.id));
		expect(about.every((e) => e.subject.type === 'message' && e.subject.id === `${room}/${message.id}`)).toBe(true);
		expect(about.map((e) => [e.action, e.actor?.name, e.reason, e.replaced, e.result])).toEqual([
			['lifted', 'admin@providencia', 'Se disculpó en persona', 'limited', 'may write'],
			['limited', 'operator@providencia', 'abuse: Insultos repetidos', 'may write', `limited until ${made.until}`]
		]);
		// The record names no resident: the subject is the message that led to it.
		expect(JSON.stringify(about)).not.toContain(ben.userId);
	});

	it('the author of a hidden message and a limited resident ask once for a review; an admin who did not decide upholds or reverses it, the person reads the outcome, and the record has it', async () => {
		const { ana, ben, olga, admin, room, message } = await thread();
		const item = { kind: 'message', thread: room, id: message.id };
		// Anyone reads the municipality's moderation in numbers (before and after, to count this test's decisions).
		const counts = async () => {
			const response = await fetch(`${server.url}/api/moderation/counts?municipality=providencia`);
			expect(response.status).toBe(200);
			return (await response.json()) as ModerationCounts;
		};
		const before = await counts();
		expect((await call(server, admin, 'POST', '/api/ops/moderation/hide', { item, reason: 'personal_data', note: 'Una dirección' })).status).toBe(200);
		const mine = async (account: Account) => ((await (await call(server, account, 'GET', '/api/moderation/mine')).json()) as { decisions: OwnDecision[] }).decisions;
		// Ben reads that his message was hidden and why, never who; Ana has nothing of the kind.
		const [hidden] = (await mine(ben)).filter((d) => d.thread === room);
		expect(hidden).toMatchObject({ kind: 'hidden', municipalityId: 'providencia', messageId: message.id, reason: 'personal_data', until: null, inForce: true, review: null });
		expect(JSON.stringify(hidden)).not.toContain('admin@providencia');
		expect((await mine(ana)).filter((d) => d.thread === room)).toEqual([]);

		const ask = (account: Account, body: unknown) => call(server, account, 'POST', '/api/moderation/reviews', body);
		const decision = { kind: 'hidden', id: hidden!.id };
		// Only the author asks (nobody else learns the decision exists), with a reason, once.
		expect((await ask(ana, { decision, reason: 'No era para tanto' })).status).toBe(404);
		expect((await ask(ben, { decision, reason: '' })).status).toBe(400);
		expect((await ask(ben, { decision, reason: 'No di ninguna dirección exacta' })).status).toBe(201);
		expect((await ask(ben, { decision, reason: 'Otra vez' })).status).toBe(409);
		expect((await mine(ben)).find((d) => d.id === hidden!.id)?.review).toMatchObject({ status: 'pending', reason: null, decidedAt: null });

		// The admins' queue; the admin who hid it may not decide it, nor may an operator.
		const queued = async (account: Account) => ((await (await call(server, account, 'GET', '/api/ops/moderation/reviews?municipality=providencia')).json()) as { reviews: ReviewQueueEntry[] }).reviews;
		expect((await call(server, olga, 'GET', '/api/ops/moderation/reviews?municipality=providencia')).status).toBe(403);
		const [review] = (await queued(admin)).filter((r) => r.decision.id === hidden!.id);
		expect(review).toMatchObject({ reason: 'No di ninguna dirección exacta', own: true, text: message.text, item, decision: { kind: 'hidden', reason: 'personal_data', note: 'Una dirección', by: 'admin@providencia' } });
		expect(JSON.stringify(review)).not.toContain(ben.userId);
		const decide = (account: Account, body: unknown) => call(server, account, 'POST', '/api/ops/moderation/reviews/decide', body);
		const own = await decide(admin, { id: review!.id, outcome: 'reversed', reason: 'Me equivoqué' });
		expect(own.status).toBe(403);
		expect(((await own.json()) as { error: { code: string } }).error.code).toBe('own_decision');
		expect((await decide(olga, { id: review!.id, outcome: 'reversed', reason: 'No soy admin' })).status).toBe(403);

		// A second admin reverses it: the message is back in the thread, and Ben reads the outcome.
		const created = await call(server, admin, 'POST', '/api/staff', { username: `rita-${Date.now()}@providencia`, municipalityId: 'providencia', role: 'admin', displayName: 'Rita' });
		expect(created.status, await created.clone().text()).toBe(201);
		const { member, password } = (await created.json()) as { member: { username: string }; password: string };
		const rita = await signedIn(server, member.username, password);
		expect((await queued(rita)).find((r) => r.id === review!.id)?.own).toBe(false);
		expect((await decide(rita, { id: review!.id, outcome: 'reversed', reason: 'No identifica a nadie' })).status).toBe(200);
		expect((await decide(rita, { id: review!.id, outcome: 'upheld', reason: 'otra vez' })).status).toBe(409);
		const reader = await new RawClient(server, room, ana.token).ready();
		await until(() => messagesIn(reader.doc).some((m) => m.id === message.id && m.text === message.text), 'the message restored by the review');
		reader.close();
		expect((await mine(ben)).find((d) => d.id === hidden!.id)).toMatchObject({ inForce: false, review: { status: 'reversed', reason: 'No identifica a nadie' } });
		expect((await queued(rita)).some((r) => r.id === review!.id)).toBe(false);

		// A posting limit is reviewed the same way; upheld, it stays.
		const set = await call(server, olga, 'POST', '/api/ops/moderation/limits', { item, reason: 'abuse', days: 3 });
		const { limit } = (await set.json()) as { limit: { id: string } };
		expect((await ask(ben, { decision: { kind: 'limited', id: limit.id }, reason: 'Fue una sola vez' })).status).toBe(201);
		const [limitReview] = (await queued(rita)).filter((r) => r.decision.id === limit.id);
		expect(limitReview).toMatchObject({ own: false, decision: { kind: 'limited', reason: 'abuse', by: 'operator@providencia' } });
		expect((await decide(rita, { id: limitReview!.id, outcome: 'upheld', reason: 'Insultó a tres vecinos' })).status).toBe(200);
		expect((await mine(ben)).find((d) => d.id === limit.id)).toMatchObject({ kind: 'limited', inForce: true, review: { status: 'upheld', reason: 'Insultó a tres vecinos' } });
		expect(((await (await call(server, ben, 'GET', '/api/moderation/limits/mine')).json()) as { limits: unknown[] }).limits).toHaveLength(1);

		// Both outcomes are in the record, by Rita, with her reasons; the reversal is a restore too.
		const audit = (await (await call(server, admin, 'GET', '/api/audit?municipality=providencia&kind=moderation')).json()) as { entries: AuditEntry[] };
		const reviews = audit.entries.filter((e) => e.id === `${review!.id}:review` || e.id === `${limitReview!.id}:review`);
		expect(reviews.map((e) => [e.action, e.actor?.name, e.reason, e.replaced, e.result])).toEqual([
			['review_upheld', 'Rita', 'Insultó a tres vecinos', 'limited', 'limited'],
			['review_reversed', 'Rita', 'No identifica a nadie', 'hidden', 'shown']
		]);
		expect(audit.entries.some((e) => e.action === 'restored' && e.actor?.name === 'Rita' && e.subject.id === `${room}/${message.id}`)).toBe(true);
		expect(JSON.stringify(reviews)).not.toContain(ben.userId);

		// The public counts: by reason, and how reviews ended; never who or what.
		const after = await counts();
		expect({
			hidden: after.hidden.personal_data - before.hidden.personal_data,
			restored: after.restored - before.restored,
			limited: after.limited.abuse - before.limited.abuse,
			asked: after.reviews.asked - before.reviews.asked,
			upheld: after.reviews.upheld - before.reviews.upheld,
			reversed: after.reviews.reversed - before.reviews.reversed
		}).toEqual({ hidden: 1, restored: 1, limited: 1, asked: 2, upheld: 1, reversed: 1 });
		expect(Object.keys(after.hidden).sort()).toEqual(['abuse', 'false', 'looks', 'other', 'personal_data']);
		expect(JSON.stringify(after)).not.toMatch(new RegExp(`${ben.userId}|${message.id}|Rita|admin@`));
		expect((await fetch(`${server.url}/api/moderation/counts?municipality=atlantis`)).status).toBe(404);
		expect((await fetch(`${server.url}/api/moderation/counts`)).status).toBe(400);
	});

	it('an account’s export holds what the moderation record keeps about it, never who decided; erasing it forgets its hidden text and review reasons, and the decisions stay', async () => {
		const { ana, ben, olga, room, message } = await thread();
		const item = { kind: 'message', thread: room, id: message.id };
		expect((await call(server, ana, 'POST', '/api/moderation/flags', { item, reason: 'looks' })).status).toBe(202);
		const hide = await call(server, olga, 'POST', '/api/ops/moderation/hide', { item, reason: 'looks', note: 'Describe su ropa' });
		expect(hide.status).toBe(200);
		const limited = await call(server, olga, 'POST', '/api/ops/moderation/limits', { item, reason: 'looks', days: 3 });
		const { limit } = (await limited.json()) as { limit: { id: string; until: string } };
		const mine = ((await (await call(server, ben, 'GET', '/api/moderation/mine')).json()) as { decisions: OwnDecision[] }).decisions;
		const hidden = mine.find((d) => d.kind === 'hidden' && d.thread === room)!;
		expect((await call(server, ben, 'POST', '/api/moderation/reviews', { decision: { kind: 'hidden', id: hidden.id }, reason: 'Solo conté lo que vi' })).status).toBe(201);

		type Moderation = { flagsRaised: unknown[]; hiddenMessages: unknown[]; postingLimits: unknown[]; reviewsAsked: unknown[]; decisionsMade: unknown[] };
		const exported = async (account: Account) => {
			const response = await call(server, account, 'GET', '/api/account/export');
			expect(response.status).toBe(200);
			return (await response.json()) as { moderation: Moderation };
		};
		const bens = await exported(ben);
		expect(bens.moderation).toEqual({
			flagsRaised: [],
			hiddenMessages: [{ decisionId: hidden.id, municipalityId: 'providencia', item, reason: 'looks', at: hidden.at, text: message.text }],
			postingLimits: [expect.objectContaining({ decisionId: limit.id, municipalityId: 'providencia', about: item, reason: 'looks', until: limit.until, liftedAt: null })],
			reviewsAsked: [expect.objectContaining({ decision: { kind: 'hidden', id: hidden.id }, reason: 'Solo conté lo que vi', outcome: null })],
			decisionsMade: []
		});
		// Who decided is not the person's to learn: no staff id nor name, not even the operator's note.
		expect(JSON.stringify(bens)).not.toMatch(new RegExp(`${olga.userId}|operator@|Describe su ropa`));
		// The flagger's export has the flag; the operator's, the decisions made.
		expect((await exported(ana)).moderation.flagsRaised).toEqual([expect.objectContaining({ item, reason: 'looks', note: null })]);
		expect(JSON.stringify((await exported(ana)).moderation)).not.toContain(message.text);
		const made = (await exported(olga)).moderation.decisionsMade.filter((d) => (d as { decisionId: string }).decisionId === hidden.id || (d as { decisionId: string }).decisionId === limit.id);
		expect(made.map((d) => (d as { kind: string }).kind)).toEqual(['hidden', 'limited']);

		const erased = await fetch(`${server.url}/api/account`, { method: 'DELETE', headers: { 'content-type': 'application/json', ...sessionOf(ben) }, body: '{"confirm":true}' });
		expect(erased.status, await erased.clone().text()).toBe(200);
		const db = new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true });
		try {
			expect(db.prepare('select action, reason, note, original from moderation_decision where id = ?').get(hidden.id)).toEqual({ action: 'hidden', reason: 'looks', note: 'Describe su ropa', original: null });
			expect(db.prepare('select user_id, reason from posting_limit where id = ?').get(limit.id)).toEqual({ user_id: null, reason: 'looks' });
			expect(db.prepare('select requester_id, reason from moderation_review where decision_id = ?').get(hidden.id)).toEqual({ requester_id: null, reason: '' });
			expect(db.prepare("select count(*) n from moderation_decision where original like '%' || ? || '%'").get(ben.userId)).toEqual({ n: 0 });
		} finally {
			db.close();
		}
	});

	it('hides a report’s description and a photo with a reason: gone from the public feed, the documents, their stored rows and the photo route; the public reads why; the reporter asks for a review and an admin reverses it; an admin restores the photo', async () => {
		const [ana, ben, olga, admin] = await Promise.all([resident(server), resident(server), staffAs('operator@providencia'), staffAs('admin@providencia')]);
		const private_ = 'Vive-en-Suecia-220-depto-4';
		const jpeg = (n: number) => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0x4a, 0x46, 0xff, 0xda, 0, 2, n, n, 0xff, 0xd9]);
		const photos = [randomUUID(), randomUUID()];
		for (const [i, id] of photos.entries()) expect((await fetch(`${server.url}/api/reports/photo?id=${id}`, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: jpeg(i + 1) })).status).toBe(201);
		const receipt = await sendReport(server, ana, { category: 'dumped_rubbish', description: `Basura frente a ${private_}`, photoIds: photos, location: { kind: 'point', point: spots[spot++ % spots.length], source: 'gps' } });
		const id = receipt.id;
		const feedSees = open('feed:providencia', ben);
		await until(() => feedSees.synced && readFeed(feedSees.doc, 'providencia').some((r) => r.id === id), 'the report in Ben’s feed');
		expect((await call(server, ben, 'POST', '/api/moderation/flags', { item: { kind: 'report', id }, reason: 'personal_data' })).status).toBe(202);

		// The queue shows the report with its description and photos; staff hide the description, then one photo.
		const [queued] = ((await (await call(server, olga, 'GET', '/api/ops/moderation?municipality=providencia')).json()) as ModerationQueue).items.filter((i) => i.item.kind === 'report' && i.item.id === id);
		expect(queued).toMatchObject({ flags: 1, text: `Basura frente a ${private_}`, photos });
		const description = { kind: 'description', report: id };
		const photo = { kind: 'photo', report: id, id: photos[0] };
		expect((await call(server, ana, 'POST', '/api/ops/moderation/hide', { item: description, reason: 'personal_data' })).status).toBe(403);
		expect((await call(server, olga, 'POST', '/api/ops/moderation/hide', { item: description, reason: 'personal_data', note: 'Da la dirección' })).status).toBe(200);
		expect((await call(server, olga, 'POST', '/api/ops/moderation/hide', { item: description, reason: 'looks' })).status).toBe(409);
		expect((await call(server, olga, 'POST', '/api/ops/moderation/hide', { item: { ...photo, id: randomUUID() }, reason: 'looks' })).status).toBe(404);
		expect((await call(server, olga, 'POST', '/api/ops/moderation/hide', { item: photo, reason: 'looks' })).status).toBe(200);
		// The flag on the report was decided: it left the queue.
		expect(((await (await call(server, olga, 'GET', '/api/ops/moderation?municipality=providencia')).json()) as ModerationQueue).items.some((i) => i.item.kind === 'report' && i.item.id === id)).toBe(false);

		// Everyone reads why in their place: the open feed, the public list; never the text nor the photo.
		const hidden = { description: 'personal_data', photos: ['looks'] };
		await until(() => readFeed(feedSees.doc, 'providencia').find((r) => r.id === id)?.hidden?.description === 'personal_data', 'the placeholder in Ben’s feed');
		expect(readFeed(feedSees.doc, 'providencia').find((r) => r.id === id)).toMatchObject({ description: '', photoIds: [photos[1]], hidden });
		const list = (await (await fetch(`${server.url}/api/reports?municipality=providencia`)).json()) as ReportFeed;
		expect(list.reports.find((r) => r.id === id)).toMatchObject({ description: '', photoIds: [photos[1]], hidden });
		expect(JSON.stringify(list)).not.toContain(private_);
		expect((await fetch(`${server.url}/api/reports/photo?id=${photos[0]}`)).status).toBe(404);
		expect((await fetch(`${server.url}/api/reports/photo?id=${photos[1]}`)).status).toBe(200);
		// Staff still see the hidden photo (for a review), residents do not.
		const staffPhoto = `/api/ops/moderation/photo?report=${id}&id=${photos[0]}`;
		expect(Buffer.from(await (await call(server, olga, 'GET', staffPhoto)).arrayBuffer())).toEqual(Buffer.from(jpeg(1)));
		expect((await call(server, ana, 'GET', staffPhoto)).status).toBe(403);
		// A fresh device receives neither; the stored rows of both documents no longer hold the text.
		for (const room of ['feed:providencia', `report:${id}`]) {
			const fresh = await new RawClient(server, room, (await resident(server)).token).ready();
			expect(fresh.frames.some((f) => Buffer.from(f).includes(private_)), room).toBe(false);
			fresh.close();
		}
		const file = new Database(join(server.dataDir, 'cuadra.sqlite'), { readonly: true });
		try {
			for (const room of ['feed:providencia', `report:${id}`]) {
				const rows = file.prepare('select data from sync_update where doc = ?').all(room) as { data: Buffer }[];
				expect(rows.length, room).toBeGreaterThan(0);
				expect(rows.some((r) => r.data.includes(private_)), room).toBe(false);
			}
			expect((file.prepare('select description from report where id = ?').get(id) as { description: string }).description).toBe('');
		} finally {
			file.close();
		}

		// The reporter reads that their description was hidden and why, asks for a review; an admin reverses it.
		const mine = ((await (await call(server, ana, 'GET', '/api/moderation/mine')).json()) as { decisions: OwnDecision[] }).decisions.filter((d) => d.report === id);
		expect(mine.map((d) => [d.kind, d.part, d.reason])).toEqual(expect.arrayContaining([['hidden', 'description', 'personal_data'], ['hidden', 'photo', 'looks']]));
		const asked = mine.find((d) => d.part === 'description')!;
		const review = await call(server, ana, 'POST', '/api/moderation/reviews', { decision: { kind: 'hidden', id: asked.id }, reason: 'Es la dirección de la basura, no de una persona' });
		expect(review.status).toBe(201);
		const { id: reviewId } = (await review.json()) as { id: string };
		expect((await call(server, admin, 'POST', '/api/ops/moderation/reviews/decide', { id: reviewId, outcome: 'reversed', reason: 'Es un lugar público' })).status).toBe(200);
		await until(() => readFeed(feedSees.doc, 'providencia').find((r) => r.id === id)?.description === `Basura frente a ${private_}`, 'the description back in Ben’s feed');
		expect(readFeed(feedSees.doc, 'providencia').find((r) => r.id === id)?.hidden).toEqual({ description: null, photos: ['looks'] });

		// An admin restores the photo, with a reason: it is served again, in its place.
		expect((await call(server, olga, 'POST', '/api/ops/moderation/restore', { item: photo, reason: 'No se ve a nadie' })).status).toBe(403);
		expect((await call(server, admin, 'POST', '/api/ops/moderation/restore', { item: photo, reason: 'No se ve a nadie' })).status).toBe(200);
		await until(() => readFeed(feedSees.doc, 'providencia').find((r) => r.id === id)?.photoIds.length === 2, 'the photo back in Ben’s feed');
		expect(readFeed(feedSees.doc, 'providencia').find((r) => r.id === id)).toMatchObject({ photoIds: photos });
		expect(readFeed(feedSees.doc, 'providencia').find((r) => r.id === id)?.hidden).toBeUndefined();
		expect((await fetch(`${server.url}/api/reports/photo?id=${photos[0]}`)).status).toBe(200);

		const audit = (await (await call(server, admin, 'GET', '/api/audit?municipality=providencia&kind=moderation')).json()) as { entries: AuditEntry[] };
		const about = audit.entries.filter((e) => e.subject.id.startsWith(`${id}/`)).map((e) => [e.action, e.subject.id, e.actor?.name]);
		expect(about).toEqual(
			expect.arrayContaining([
				['hidden', `${id}/description`, 'operator@providencia'],
				['hidden', `${id}/photo/${photos[0]}`, 'operator@providencia'],
				['review_reversed', `${id}/description`, 'admin@providencia'],
				['restored', `${id}/photo/${photos[0]}`, 'admin@providencia']
			])
		);
	});
	it('the reporter of a closed incident asks for it to be reopened: a review of the closing in the admins’ queue; the admin reverses it, the incident reopens with the reason, and the reporter reads the outcome', async () => {
		const [ana, ben, olga, admin] = await Promise.all([resident(server), resident(server), staffAs('operator@providencia'), staffAs('admin@providencia')]);
		const receipt = await sendReport(server, ana, { location: { kind: 'point', point: spots[spot++ % spots.length], source: 'gps' } });
		expect((await act(server, olga, receipt.incidentId, { action: 'close', outcome: 'nothing_found', message: 'La patrulla no encontró nada.' })).status).toBe(200);
		// Only the reporter asks; then once.
		const ask = (account: Account) => call(server, account, 'POST', `/api/reports/${receipt.id}/reopen-request`, { reason: 'Siguen ahí, los vi hace un rato' });
		expect((await ask(ben)).status).toBe(403);
		expect((await ask(ana)).status).toBe(202);
		expect((await ask(ana)).status).toBe(409);
		const mine = async () => ((await (await call(server, ana, 'GET', '/api/moderation/mine')).json()) as { decisions: OwnDecision[] }).decisions.filter((d) => d.kind === 'closed' && d.report === receipt.id);
		expect(await mine()).toMatchObject([{ kind: 'closed', reason: null, inForce: true, review: { status: 'pending' } }]);

		// The admins' queue: the closing, who closed it, what the public read; the operator cannot review.
		const reviews = async (account: Account) => ((await (await call(server, account, 'GET', '/api/ops/moderation/reviews?municipality=providencia')).json()) as { reviews: ReviewQueueEntry[] }).reviews;
		const entry = (await reviews(admin)).find((r) => r.incidentId === receipt.incidentId)!;
		expect(entry).toMatchObject({ reason: 'Siguen ahí, los vi hace un rato', decision: { kind: 'closed', reason: null, by: 'operator@providencia' }, text: 'La patrulla no encontró nada.', own: false });
		expect(JSON.stringify(entry)).not.toContain(ana.userId);
		expect((await call(server, olga, 'POST', '/api/ops/moderation/reviews/decide', { id: entry.id, outcome: 'reversed', reason: 'Lo revisamos otra vez' })).status).toBe(403);
		expect((await call(server, admin, 'POST', '/api/ops/moderation/reviews/decide', { id: entry.id, outcome: 'reversed', reason: 'Lo revisamos otra vez' })).status).toBe(200);

		// The incident is open again, its timeline says why (without a name); the reporter reads the outcome.
		const view = await staffView(server, olga, receipt.incidentId);
		expect(view.incident.state).not.toBe('closed');
		const publicReport = (await (await call(server, ben, 'GET', `/api/reports/${receipt.id}`)).json()) as { status: string };
		expect(publicReport.status).not.toBe('closed');
		expect(await mine()).toMatchObject([{ kind: 'closed', inForce: false, review: { status: 'reversed', reason: 'Lo revisamos otra vez' } }]);
		const audit = (await (await call(server, admin, 'GET', '/api/audit?municipality=providencia&kind=moderation')).json()) as { entries: AuditEntry[] };
		expect(audit.entries.filter((e) => e.subject.type === 'incident' && e.subject.id === receipt.incidentId).map((e) => [e.action, e.actor?.name, e.reason, e.replaced, e.result])).toEqual([
			['review_reversed', 'admin@providencia', 'Lo revisamos otra vez', 'closed', 'reopened']
		]);
		// Closed again and asked again: a new closing is a new decision, reviewed once more.
		expect((await act(server, olga, receipt.incidentId, { action: 'close', outcome: 'resolved', message: 'Ahora sí, resuelto.' })).status).toBe(200);
		expect((await ask(ana)).status).toBe(202);
		expect((await reviews(admin)).filter((r) => r.incidentId === receipt.incidentId)).toHaveLength(1);
	});
});
