import { randomUUID } from 'node:crypto';
import type * as Y from 'yjs';
import type { ReportReceipt } from '../../src/lib/domain/report.ts';
import type { StaffIncident } from '../../src/lib/ops/contract.ts';
import type { TestServer } from '../support/server.ts';
import { providenciaPoint, type Account } from './sync-support.ts';

/** The lifecycle's integration tests: HTTP calls as an account, reports with their receipt. */
export const sessionOf = (account: Account) => ({ cookie: `cuadra_session=${encodeURIComponent(account.token)}` });

export async function call(server: TestServer, account: Account | null, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
	return fetch(`${server.url}${path}`, {
		method,
		headers: { ...(account ? sessionOf(account) : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
}

/** Sends a report as `account` and answers its receipt (with its incident). */
export async function sendReport(server: TestServer, account: Account, over: Record<string, unknown> = {}): Promise<ReportReceipt> {
	const response = await call(server, account, 'POST', '/api/reports', {
		id: randomUUID(),
		category: 'robbery',
		description: 'Robo de bolso en la esquina',
		location: { kind: 'point', point: providenciaPoint, source: 'gps' },
		consentToCall: true,
		phone: '+56 9 1234 5678',
		reportedAt: new Date().toISOString(),
		...over
	});
	if (response.status !== 201) throw new Error(`report not accepted: ${response.status} ${await response.text()}`);
	return (await response.json()) as ReportReceipt;
}

export async function staffView(server: TestServer, operator: Account, incidentId: string): Promise<StaffIncident> {
	const response = await call(server, operator, 'GET', `/api/ops/incidents/${incidentId}`);
	if (!response.ok) throw new Error(`staff view: ${response.status} ${await response.text()}`);
	return (await response.json()) as StaffIncident;
}

/** Decides on the incident's current version as `operator`; answers the response. */
export async function act(server: TestServer, operator: Account, incidentId: string, action: Record<string, unknown>): Promise<Response> {
	const { incident } = await staffView(server, operator, incidentId);
	return call(server, operator, 'POST', `/api/ops/incidents/${incidentId}/actions`, { version: incident.version, ...action });
}

export const eventsIn = (doc: Y.Doc) => doc.getArray<{ type: string; author: string; text?: string; [k: string]: unknown }>('events').toArray();
export const messagesIn = (doc: Y.Doc) => doc.getArray<{ id: string; author: string; text: string; at: number }>('messages').toArray();

/** The console's tests and bench: its server-sent-event stream, read as a browser's EventSource would (from wt-queue). */

export interface StreamEvent {
	event: string;
	id: string | null;
	data: unknown;
	/** `performance.now()` when the reader got it. */
	receivedAt: number;
}

export interface OpenStream {
	status: number;
	events: StreamEvent[];
	/** Resolves with the first event (already received or to come) that `match` accepts. */
	next(match: (e: StreamEvent) => boolean, what: string, deadlineMs?: number): Promise<StreamEvent>;
	/** Resolves once the server has ended the stream. */
	ended: Promise<void>;
	close(): void;
}

/** Opens `GET /api/ops/stream?municipality=` as `token`; resolves once the answer's headers arrived (the stream is listening). */
export async function openConsoleStream(server: TestServer, token: string, municipality = 'providencia'): Promise<OpenStream> {
	const abort = new AbortController();
	const response = await fetch(`${server.url}/api/ops/stream?municipality=${municipality}`, { headers: { cookie: `cuadra_session=${encodeURIComponent(token)}` }, signal: abort.signal });
	const events: StreamEvent[] = [];
	const waiters = new Set<() => void>();
	let ended: Promise<void> = Promise.resolve();
	if (response.ok && response.body) {
		const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
		ended = (async () => {
			let buffer = '';
			try {
				for (;;) {
					const { value, done } = await reader.read();
					if (done) break;
					buffer += value;
					let end: number;
					while ((end = buffer.indexOf('\n\n')) >= 0) {
						const block = buffer.slice(0, end);
						buffer = buffer.slice(end + 2);
						const fields = new Map<string, string>();
						for (const line of block.split('\n')) {
							const colon = line.indexOf(':');
							if (colon <= 0) continue;
							fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
						}
						if (!fields.has('data')) continue;
						events.push({ event: fields.get('event') ?? 'message', id: fields.get('id') ?? null, data: JSON.parse(fields.get('data') ?? 'null'), receivedAt: performance.now() });
						for (const wake of waiters) wake();
					}
				}
			} catch {
				// Aborted by close().
			}
		})();
	}
	return {
		status: response.status,
		events,
		ended,
		close: () => abort.abort(),
		next(match, what, deadlineMs = 10_000) {
			return new Promise((resolve, reject) => {
				const check = () => {
					const found = events.find(match);
					if (!found) return false;
					waiters.delete(check);
					clearTimeout(timer);
					resolve(found);
					return true;
				};
				const timer = setTimeout(() => {
					waiters.delete(check);
					reject(new Error(`timed out waiting for ${what}`));
				}, deadlineMs);
				if (!check()) waiters.add(check);
			});
		}
	};
}
