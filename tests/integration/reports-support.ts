import type { StaffIncident } from '../../src/lib/ops/contract.ts';
import type { TestServer } from '../support/server.ts';

export const cookieOf = (response: Response): string => (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

/** Signs a seeded staff member in with the password the server printed at its first start. */
export async function staffCookie(server: TestServer, username: string): Promise<string> {
	const escaped = username.replace(/[.@-]/g, '\\$&');
	const password = new RegExp(`${escaped}\\s+([a-z0-9-]{23})`).exec(server.output())?.[1];
	if (!password) throw new Error(`no printed password for ${username}`);
	const response = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
	if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
	return cookieOf(response);
}

/**
 * An operator's decision on an incident, through the console's API (`/api/ops/incidents/:id`): reads
 * the incident's version, then acknowledges (with a first answer) or closes as resolved. Answers the
 * first response that is not OK (401, 403, 404), else the decision's.
 */
export async function decide(server: TestServer, cookie: string, decision: { incidentId: string; status: 'acknowledged' | 'closed'; message?: string }): Promise<Response> {
	const view = await fetch(`${server.url}/api/ops/incidents/${decision.incidentId}`, { headers: { cookie } });
	if (!view.ok) return view;
	const { incident } = (await view.json()) as StaffIncident;
	const action =
		decision.status === 'acknowledged'
			? { action: 'acknowledge', version: incident.version, message: decision.message ?? 'Un operador tomó tu reporte y te llamará.' }
			: { action: 'close', version: incident.version, outcome: 'resolved', message: decision.message };
	return fetch(`${server.url}/api/ops/incidents/${decision.incidentId}/actions`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(action) });
}
