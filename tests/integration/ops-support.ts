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
