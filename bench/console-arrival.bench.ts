/**
 * Issue 15's second figure: with 200 residents connected (real y-websocket clients on
 * feed:providencia) and one operator's console stream open (`GET /api/ops/stream`), the time from
 * a resident's `POST /api/reports` to the console's stream delivering that report's incident.
 * 100 reports, one every 100 ms, each by a different resident, on the production bundle.
 * Goal: p95 under 1 s. Results: bench/console-results.md.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { openConsoleStream, type StreamEvent } from '../tests/integration/ops-support.ts';
import { staff, WebSocket, wsUrl } from '../tests/integration/sync-support.ts';
import { removeDir, startServer } from '../tests/support/server.ts';
import type { QueueIncident } from '../src/lib/ops/contract.ts';

export const title = 'Console arrival: a resident\u2019s report reaching an open console, 200 residents connected';

const RESIDENTS = 200;
const REPORTS = 100;
const GAP_MS = 100;
const GOAL_P95_MS = 1000;

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default async function bench(): Promise<Record<string, unknown>[]> {
	const server = await startServer({ bundle: true, env: { CUADRA_REGISTRATIONS_PER_HOUR: '100000', CUADRA_SYNC_MAX_PENDING_UPGRADES: '1000' } });
	const providers: WebsocketProvider[] = [];
	try {
		const residents = await Promise.all(
			Array.from({ length: RESIDENTS }, async () => {
				const response = await fetch(`${server.url}/api/auth/resident`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret: randomBytes(32).toString('base64url'), municipalityId: 'providencia' }) });
				if (!response.ok) throw new Error(`registration refused: ${response.status}`);
				return decodeURIComponent(/cuadra_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1] ?? '');
			})
		);
		for (const token of residents) providers.push(new WebsocketProvider(wsUrl(server), 'feed:providencia', new Y.Doc(), { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, params: { token }, disableBc: true }));
		await Promise.all(providers.map((p) => new Promise<void>((done) => (p.synced ? done() : p.once('sync', () => done())))));

		const operator = await staff(server, 'operator@providencia');
		const opsConsole = await openConsoleStream(server, operator.token);
		if (opsConsole.status !== 200) throw new Error(`the console stream was refused: ${opsConsole.status}`);

		const samples: number[] = [];
		for (let i = 0; i < REPORTS; i++) {
			const description = `Bench ${i} ${randomUUID().slice(0, 8)}`;
			// Spread over Providencia's centre, so most reports open incidents of their own.
			const point = [-70.626 + (i % 10) * 0.0025, -33.432 + Math.floor(i / 10) * 0.0012];
			const body = { id: randomUUID(), category: 'streetlight_out', description, location: { kind: 'point', point, source: 'map' }, consentToCall: false, reportedAt: new Date().toISOString() };
			const seenBefore = opsConsole.events.length;
			const started = performance.now();
			const response = await fetch(`${server.url}/api/reports`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: `cuadra_session=${encodeURIComponent(residents[i % RESIDENTS] ?? '')}` }, body: JSON.stringify(body) });
			if (response.status !== 201) throw new Error(`a bench report was refused: ${response.status} ${await response.text()}`);
			const { incidentId } = (await response.json()) as { incidentId: string };
			await opsConsole.next((e) => e.event === 'incident' && (e.data as QueueIncident).id === incidentId && opsConsole.events.indexOf(e) >= seenBefore, `report ${i} on the console`, 30_000);
			// The stream's own arrival time: the moment the reader got the event, which may be before the POST answered.
			samples.push(arrivalOf(opsConsole.events, seenBefore, incidentId) - started);
			await sleep(GAP_MS);
		}
		opsConsole.close();
		const sorted = [...samples].sort((a, b) => a - b);
		const p50 = percentile(sorted, 50);
		const p95 = percentile(sorted, 95);
		return [
			{ figure: `arrival p50 (${REPORTS} reports, ${RESIDENTS} residents on feed:providencia)`, ms: Math.round(p50), goal: '' },
			{ figure: 'arrival p95', ms: Math.round(p95), goal: `< ${GOAL_P95_MS} ms: ${p95 < GOAL_P95_MS ? 'met' : 'NOT met'}` },
			{ figure: 'arrival max', ms: Math.round(sorted[sorted.length - 1] ?? NaN), goal: '' }
		];
	} finally {
		for (const p of providers) p.destroy();
		await server.stop();
		removeDir(server.dataDir);
	}
}

/** When the first `incident` event of `incidentId` after index `from` was read (performance.now() time, stamped by the reader). */
function arrivalOf(events: StreamEvent[], from: number, incidentId: string): number {
	const found = events.slice(from).find((e) => e.event === 'incident' && (e.data as QueueIncident).id === incidentId);
	if (!found) throw new Error(`no event for ${incidentId}`);
	return found.receivedAt;
}
