import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { useSeededStore } from '../db/test-store.ts';
import { acceptReport, clampReportedAt } from './accept.ts';
import { listPublicReports } from './feed.ts';
import { closeAsOperator } from '../ops/test-decisions.ts';
import { reportsStore } from './schema.ts';
import { purgePrivateReportData } from './retention.ts';
import { municipalityConfig, saveMunicipality } from '../municipalities/store.ts';

let db: Db;
const now = new Date('2026-11-21T12:00:00Z');
const pedroDeValdivia = [-70.6128, -33.4255] as const;
const north = (m: number) => [pedroDeValdivia[0], pedroDeValdivia[1] + m / 111_195] as [number, number];

const input = (over: Record<string, unknown> = {}) => ({
	id: randomUUID(),
	category: 'robbery',
	description: 'A bag snatched at the corner.',
	location: { kind: 'point', point: pedroDeValdivia, source: 'gps', accuracyMetres: 15 },
	consentToCall: true,
	phone: '+56 9 8765 4321',
	reportedAt: '2026-11-21T11:59:00Z',
	...over
});

useSeededStore((opened) => (db = opened));

describe('acceptReport', () => {
	it('decides the municipality from the pin, stamps the time and keeps private data apart', async () => {
		const result = await acceptReport(db, null, input({ devicePosition: north(30) }), now);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.receipt).toMatchObject({ status: 'received', municipality: 'providencia', receivedAt: now.toISOString() });
		expect(result.receipt.report).toMatchObject({ category: 'robbery', group: 'security', point: [...pedroDeValdivia], coarse: false });
		expect(JSON.stringify(result.receipt)).not.toContain('consent');
		const priv = await reportsStore(db).selectFrom('report_private').selectAll().executeTakeFirstOrThrow();
		expect(priv).toMatchObject({ consent_to_call: 1, accuracy_metres: 15, device_lat: north(30)[1], phone: '+56 9 8765 4321' });
		expect(JSON.stringify(result.receipt)).not.toContain('8765');
		expect(result.receipt.report).not.toHaveProperty('phone');
	});

	it('keeps the phone number only of a reporter who may be called, and refuses consent without a number', async () => {
		const quiet = await acceptReport(db, null, input({ consentToCall: false }), now);
		if (!quiet.ok) throw new Error('refused');
		const priv = await reportsStore(db).selectFrom('report_private').select(['consent_to_call', 'phone']).where('report_id', '=', quiet.receipt.id).executeTakeFirstOrThrow();
		expect(priv).toEqual({ consent_to_call: 0, phone: null });
		const { phone: _phone, ...noNumber } = input();
		expect(await acceptReport(db, null, noNumber, now)).toMatchObject({ ok: false, status: 400, code: 'invalid_report', message: expect.stringMatching(/^The report is not valid: phone: Give a phone number/) });
	});

	it('records the channel and who entered a report on someone\'s behalf, with no reporter, only in the staff timeline', async () => {
		const operator = await reportsStore(db).selectFrom('user').select('id').where('username', '=', 'operator@providencia').executeTakeFirstOrThrow();
		const result = await acceptReport(db, null, input(), now, { channel: 'phone', enteredBy: operator.id, municipality: 'providencia' });
		if (!result.ok) throw new Error('refused');
		const store = reportsStore(db);
		expect(await store.selectFrom('report').select('channel').where('id', '=', result.receipt.id).executeTakeFirstOrThrow()).toEqual({ channel: 'phone' });
		expect(await store.selectFrom('report_private').select('reporter_id').where('report_id', '=', result.receipt.id).executeTakeFirstOrThrow()).toEqual({ reporter_id: null });
		const events = await store.selectFrom('incident_event').selectAll().where('incident_id', '=', result.receipt.incidentId).execute();
		expect(events).toEqual([expect.objectContaining({ type: 'entered', actor_id: operator.id, visibility: 'staff', report_id: result.receipt.id, data: JSON.stringify({ channel: 'phone' }), seq: 1 })]);
		expect(JSON.stringify(result.receipt)).not.toContain(operator.id);
	});

	it('refuses a report entered for one municipality whose place is in another', async () => {
		expect(await acceptReport(db, null, input(), now, { channel: 'walk_in', municipality: 'las-condes' })).toMatchObject({ ok: false, status: 422, code: 'other_municipality' });
		expect(await reportsStore(db).selectFrom('report').select('id').execute()).toEqual([]);
	});

	it('is idempotent on the report id', async () => {
		const body = input();
		const first = await acceptReport(db, null, body, now);
		const again = await acceptReport(db, null, body, new Date('2026-11-21T13:00:00Z'));
		expect(again).toMatchObject({ ok: true, created: false });
		if (first.ok && again.ok) expect(again.receipt).toEqual(first.receipt);
		expect(await listPublicReports(db, 'providencia', now)).toHaveLength(1);
	});

	it('lets the same device retry after a new session, but not another person reuse the id', async () => {
		const store = reportsStore(db);
		await store.insertInto('user').values([{ id: 'u1', kind: 'resident', username: null, password_hash: null, display_name: null, created_at: now.toISOString() }, { id: 'u2', kind: 'resident', username: null, password_hash: null, display_name: null, created_at: now.toISOString() }]).execute();
		const body = input();
		expect(await acceptReport(db, null, body, now)).toMatchObject({ ok: true, created: true });
		expect(await acceptReport(db, 'u1', body, now)).toMatchObject({ ok: true, created: false });
		const mine = input();
		await acceptReport(db, 'u1', mine, now);
		expect(await acceptReport(db, 'u2', mine, now)).toMatchObject({ ok: false, status: 409, code: 'id_taken' });
	});

	it('answers one receipt to two sends of one report at the same moment', async () => {
		const body = input();
		const [a, b] = await Promise.all([acceptReport(db, null, body, now), acceptReport(db, null, body, now)]);
		expect([a, b].map((r) => r.ok && r.created).sort()).toEqual([false, true]);
		if (a.ok && b.ok) expect(a.receipt).toEqual(b.receipt);
	});

	it('converges: two offline duplicates end in one incident whichever arrives first', async () => {
		const incidents = new Set<string>();
		for (const order of [0, 1]) {
			// Two rounds, four hours apart, so they are separate events.
			const hour = order === 0 ? '06' : '10';
			const early = input({ reportedAt: `2026-11-21T${hour}:00:00Z`, location: { kind: 'point', point: north(0), source: 'gps' } });
			const late = input({ category: 'commotion', reportedAt: `2026-11-21T${hour}:30:00Z`, location: { kind: 'point', point: north(100), source: 'gps' } });
			const [first, second] = order === 0 ? [early, late] : [late, early];
			const x = await acceptReport(db, null, first, now);
			const y = await acceptReport(db, null, second, new Date('2026-11-21T15:00:00Z'));
			if (!x.ok || !y.ok) throw new Error(!x.ok ? x.message : !y.ok ? y.message : '');
			expect(y.receipt.incidentId).toBe(x.receipt.incidentId);
			incidents.add(x.receipt.incidentId);
		}
		expect(incidents.size).toBe(2);
	});

	it('refuses pins outside every municipality, categories it never had, not-handled categories, and bad input', async () => {
		const plazaDeArmas = { kind: 'point', point: [-70.6506, -33.4378], source: 'map' };
		expect(await acceptReport(db, null, input({ location: plazaDeArmas }), now)).toMatchObject({ ok: false, status: 422, code: 'outside_municipalities' });
		expect(await acceptReport(db, null, input({ category: 'towels_drying' }), now)).toMatchObject({ ok: false, code: 'unknown_category' });
		const refused = await acceptReport(db, null, input({ category: 'power_outage' }), now);
		expect(refused).toMatchObject({ ok: false, code: 'category_not_handled' });
		if (!refused.ok) expect(refused.message).toContain('Enel');
		expect(await acceptReport(db, null, input({ description: 'x'.repeat(501) }), now)).toMatchObject({ ok: false, status: 400, code: 'invalid_report' });
		expect(await acceptReport(db, null, input({ location: { kind: 'place', text: 'Plaza', municipality: 'santiago' } }), now)).toMatchObject({ ok: false, code: 'unknown_municipality' });
		expect(await listPublicReports(db, 'providencia', now)).toHaveLength(0);
	});

	it('accepts a category hidden since a draft was written (made offline) as received, marked for the operators; one hidden before, or from the start, is refused', async () => {
		const config = await municipalityConfig(db, 'providencia');
		for (const c of config.categories) if (c.key === 'streetlight_out') c.status = 'hidden';
		await saveMunicipality(db, config, 'update', { reason: 'la empresa eléctrica', now: new Date('2026-11-21T11:00:00Z') });
		const result = await acceptReport(db, null, input({ category: 'streetlight_out', reportedAt: '2026-11-21T10:30:00Z' }), now);
		if (!result.ok) throw new Error(result.message);
		expect(result.receipt).toMatchObject({ status: 'received', municipality: 'providencia' });
		expect(result.receipt.report).toMatchObject({ category: 'streetlight_out' });
		expect(JSON.stringify(result.receipt)).not.toContain('retired');
		const priv = await reportsStore(db).selectFrom('report_private').select(['report_id', 'category_retired']).execute();
		expect(priv).toEqual([{ report_id: result.receipt.id, category_retired: 1 }]);
		// Written after the hiding, entered by an operator, or hidden from the start (Providencia's "other"): refused.
		expect(await acceptReport(db, null, input({ category: 'streetlight_out', reportedAt: '2026-11-21T11:30:00Z' }), now)).toMatchObject({ ok: false, code: 'unknown_category' });
		expect(await acceptReport(db, null, input({ category: 'streetlight_out', reportedAt: '2026-11-21T10:30:00Z' }), now, { channel: 'phone', enteredBy: 'someone', municipality: 'providencia' })).toMatchObject({ ok: false, code: 'unknown_category' });
		expect(await acceptReport(db, null, input({ category: 'other' }), now)).toMatchObject({ ok: false, code: 'unknown_category' });
		// A shown category is not marked.
		const shown = await acceptReport(db, null, input({ category: 'robbery' }), now);
		if (!shown.ok) throw new Error(shown.message);
		expect(await reportsStore(db).selectFrom('report_private').select('category_retired').where('report_id', '=', shown.receipt.id).executeTakeFirst()).toEqual({ category_retired: 0 });
	});

	it('shows only the coarse cell centre for a home burglary; the exact pin stays private', async () => {
		const result = await acceptReport(db, null, input({ category: 'home_burglary' }), now);
		if (!result.ok) throw new Error(result.message);
		expect(result.receipt.report.coarse).toBe(true);
		expect(result.receipt.report.point).not.toEqual([...pedroDeValdivia]);
		const priv = await reportsStore(db).selectFrom('report_private').selectAll().executeTakeFirstOrThrow();
		expect([priv.pin_lng, priv.pin_lat]).toEqual([...pedroDeValdivia]);
	});

	it('keeps a typed place public, inside the municipality the resident chose', async () => {
		const result = await acceptReport(db, null, input({ category: 'streetlight_out', location: { kind: 'place', text: 'Plaza Las Lilas, north side', municipality: 'providencia' } }), now);
		if (!result.ok) throw new Error(result.message);
		expect(result.receipt.report).toMatchObject({ point: null, place: 'Plaza Las Lilas, north side', municipality: 'providencia' });
	});

	it('groups reports of one event into one incident, including a late offline duplicate', async () => {
		const a = await acceptReport(db, null, input(), now);
		const b = await acceptReport(db, null, input({ category: 'commotion', location: { kind: 'point', point: north(120), source: 'map' } }), now);
		// Made offline at 11:50, arriving at 18:00: still the same event.
		const late = await acceptReport(db, null, input({ location: { kind: 'point', point: north(60), source: 'gps' }, reportedAt: '2026-11-21T11:50:00Z' }), new Date('2026-11-21T18:00:00Z'));
		const far = await acceptReport(db, null, input({ location: { kind: 'point', point: north(500), source: 'gps' } }), now);
		const light = await acceptReport(db, null, input({ category: 'streetlight_out' }), now);
		if (!a.ok || !b.ok || !late.ok || !far.ok || !light.ok) throw new Error('refused');
		expect(b.receipt.incidentId).toBe(a.receipt.incidentId);
		expect(late.receipt.incidentId).toBe(a.receipt.incidentId);
		expect(late.receipt.report.reportedAt).toBe('2026-11-21T11:50:00.000Z');
		expect(far.receipt.incidentId).not.toBe(a.receipt.incidentId);
		expect(light.receipt.incidentId).not.toBe(a.receipt.incidentId);
	});

	it('opens a new incident once the old one is closed, and closing reaches every report of it', async () => {
		const a = await acceptReport(db, null, input(), now);
		if (!a.ok) throw new Error('refused');
		await closeAsOperator(db, a.receipt.incidentId, 'Patrol attended; no one hurt.', now);
		const [closed] = await listPublicReports(db, 'providencia', now);
		expect(closed).toMatchObject({ status: 'closed', closingMessage: 'Patrol attended; no one hurt.' });
		const b = await acceptReport(db, null, input(), now);
		if (!b.ok) throw new Error('refused');
		expect(b.receipt.incidentId).not.toBe(a.receipt.incidentId);
	});
});

describe('clampReportedAt', () => {
	it('never accepts a future time or one older than seven days', () => {
		expect(clampReportedAt('2027-01-01T00:00:00Z', now)).toBe(now.toISOString());
		expect(clampReportedAt('2026-01-01T00:00:00Z', now)).toBe('2026-11-14T12:00:00.000Z');
		expect(clampReportedAt('2026-11-21T10:00:00Z', now)).toBe('2026-11-21T10:00:00.000Z');
	});
});

describe('purgePrivateReportData', () => {
	it('empties private data 30 days after the incident closes, or 180 days after receipt, and keeps the public report', async () => {
		const closed = await acceptReport(db, null, input({ category: 'home_burglary', devicePosition: north(20) }), now);
		const open = await acceptReport(db, null, input({ location: { kind: 'point', point: north(1500), source: 'gps' } }), now);
		if (!closed.ok || !open.ok) throw new Error('refused');
		await closeAsOperator(db, closed.receipt.incidentId, 'Done', now);
		const store = reportsStore(db);
		const privateOf = (id: string) => store.selectFrom('report_private').selectAll().where('report_id', '=', id).executeTakeFirstOrThrow();

		expect(await purgePrivateReportData(db, new Date('2026-12-01T00:00:00Z'))).toBe(0);
		expect(await purgePrivateReportData(db, new Date('2026-12-22T00:00:00Z'))).toBe(1);
		const emptied = await privateOf(closed.receipt.id);
		expect(emptied).toMatchObject({ reporter_id: null, device_lng: null, consent_to_call: 0, phone: null });
		expect([emptied.pin_lng, emptied.pin_lat]).toEqual(closed.receipt.report.point);
		expect((await privateOf(open.receipt.id)).consent_to_call).toBe(1);

		expect(await purgePrivateReportData(db, new Date('2027-05-21T00:00:00Z'))).toBe(1);
		expect((await privateOf(open.receipt.id)).consent_to_call).toBe(0);
		expect(await listPublicReports(db, 'providencia', now)).toHaveLength(2);
	});
});
