/**
 * The cost of judging sync updates (issue 13): CPU time per honest update, judged by what Yjs
 * integrates (server/sync/judge.ts, which applies it too) against the validator it replaced
 * (bench/validate-before-13.ts, plus its Y.applyUpdate), in interleaved rounds on the same
 * updates; and how long the worst updates we could make stall the event loop
 * (tests/support/worst-updates.ts). In process: no sockets, no store.
 */
import * as Y from 'yjs';
import type { Principal } from '../server/auth/principal.ts';
import { judgeUpdate } from '../server/sync/judge.ts';
import { reportKind } from '../server/reports/kinds/report.ts';
import { DocLedger } from '../server/sync/ledger.ts';
import { readerWorst, writerWorst } from '../tests/support/worst-updates.ts';
import { validateUpdate } from './validate-before-13.ts';

export const title = 'Sync validation: CPU per honest update (before and after issue 13), worst-update stall';

const USERS = 50;
const HISTORY = 500;
const UPDATES = 2000;
const ROUNDS = Number(process.env.CUADRA_BENCH_ROUNDS ?? 5);

const principal = (i: number): Principal => ({ userId: `user-${i}`, kind: 'resident', displayName: null, memberships: [{ municipalityId: 'providencia', role: 'resident' }], sessionHash: `h${i}`, expiresAt: Date.now() + 3_600_000 });
const facts = { creator: null, municipalityId: 'providencia' };

/** A thread with a history, and the honest updates that follow it: one message each, from one of 50 people. */
function traffic() {
	const server = new Y.Doc();
	server.clientID = 1;
	server.getMap('meta').set('municipality', 'providencia');
	const bindings = new Map<number, string>();
	const devices = Array.from({ length: USERS }, (_, i) => {
		const doc = new Y.Doc();
		doc.clientID = 1000 + i;
		bindings.set(doc.clientID, principal(i).userId);
		return doc;
	});
	const push = (i: number, n: number) => {
		const doc = devices[i] as Y.Doc;
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)));
		const before = Y.encodeStateVector(doc);
		doc.getArray('messages').push([{ id: `m${n}`, author: principal(i).userId, text: `Mensaje número ${n}, sobre lo que pasó en la esquina.`, at: Date.now() }]);
		const update = Y.encodeStateAsUpdate(doc, before);
		return { user: i, update };
	};
	for (let n = 0; n < HISTORY; n++) Y.applyUpdate(server, push(n % USERS, n).update);
	const base = Y.encodeStateAsUpdate(server);
	// The updates are made in order against the growing thread, then replayed on a fresh copy.
	const updates: { user: number; update: Uint8Array }[] = [];
	for (let n = HISTORY; n < HISTORY + UPDATES; n++) {
		const u = push(n % USERS, n);
		Y.applyUpdate(server, u.update);
		updates.push(u);
	}
	return { base, updates, bindings };
}

function cpu(run: () => void): number {
	const start = process.cpuUsage();
	run();
	const used = process.cpuUsage(start);
	return used.user + used.system;
}

function before(t: ReturnType<typeof traffic>): number {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, t.base);
	return cpu(() => {
		for (const { user, update } of t.updates) {
			const verdict = validateUpdate({ doc, kind: reportKind, externalFacts: facts, bindings: t.bindings, principal: principal(user), update });
			if (!verdict.ok) throw new Error(verdict.reason);
			Y.applyUpdate(doc, update);
		}
	});
}

function after(t: ReturnType<typeof traffic>): number {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, t.base);
	const ledger = DocLedger.of(doc, reportKind, t.bindings);
	return cpu(() => {
		for (const { user, update } of t.updates) {
			const verdict = judgeUpdate({ doc, kind: reportKind, facts, bindings: t.bindings, principal: principal(user), update, ledger, seen: () => false, maxUserBytes: 838_860 });
			if (!verdict.ok) throw new Error(verdict.reason);
		}
	});
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

function stall(update: Uint8Array, reader: boolean): number {
	const doc = new Y.Doc();
	doc.getMap('meta').set('municipality', 'providencia');
	const start = performance.now();
	judgeUpdate({
		doc,
		kind: reportKind,
		facts: reader ? { creator: null, municipalityId: 'las-condes' } : facts,
		bindings: new Map(),
		principal: principal(0),
		update,
		ledger: DocLedger.of(doc, reportKind, new Map()),
		seen: () => true,
		maxUserBytes: 838_860
	});
	return performance.now() - start;
}

export default function run(): Record<string, unknown>[] {
	const t = traffic();
	const old: number[] = [];
	const now: number[] = [];
	for (let round = 0; round < ROUNDS; round++) {
		// Interleaved, the order swapped each round.
		if (round % 2) {
			now.push(after(t));
			old.push(before(t));
		} else {
			old.push(before(t));
			now.push(after(t));
		}
	}
	const perUpdate = (micros: number) => micros / UPDATES;
	const rows: Record<string, unknown>[] = [
		{
			figure: `CPU per honest update (µs), thread of ${HISTORY}+, median of ${ROUNDS} rounds`,
			before: perUpdate(median(old)).toFixed(1),
			after: perUpdate(median(now)).toFixed(1),
			ratio: (median(now) / median(old)).toFixed(2),
			range: `${perUpdate(Math.min(...now)).toFixed(1)}–${perUpdate(Math.max(...now)).toFixed(1)}`
		}
	];
	for (const w of readerWorst()) rows.push({ figure: `stall (ms): ${w.name}`, after: stall(w.update, true).toFixed(1), bytes: w.update.byteLength });
	for (const w of writerWorst(principal(0).userId)) rows.push({ figure: `stall (ms): ${w.name}`, after: stall(w.update, false).toFixed(1), bytes: w.update.byteLength });
	return rows;
}
