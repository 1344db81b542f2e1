import type { TestServer } from './server.ts';

/** The seed (`CUADRA_SEED=demo`) prints each demo staff account's password once, at the first start. */
export function demoPassword(server: TestServer, username: string): string {
	const escaped = username.replace(/[.@-]/g, '\\$&');
	const password = new RegExp(`${escaped}\\s+([a-z0-9-]{23})`).exec(server.output())?.[1];
	if (!password) throw new Error(`no printed password for ${username}`);
	return password;
}

/** A demo staff account signed in over HTTP: its session cookie's value, for a browser context's cookies. */
export async function demoSession(server: TestServer, username: string): Promise<string> {
	const response = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: demoPassword(server, username) }) });
	if (response.status !== 200) throw new Error(`signing in ${username} answered ${response.status}`);
	const token = /cuadra_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
	if (!token) throw new Error(`no session cookie in ${response.headers.get('set-cookie')}`);
	return token;
}
