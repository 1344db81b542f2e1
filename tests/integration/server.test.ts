import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, removeDir, root, serverSuite, startServer, tempDataDir, type TestServer } from '../support/server.ts';

/** Runs server/main.ts to completion (it is expected to refuse to start) and returns what it said. */
function runToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
			cwd: root,
			env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', HOST: '127.0.0.1', CUADRA_APP_DIR: join(root, 'build'), ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (c: Buffer) => (output += c.toString()));
		child.stderr.on('data', (c: Buffer) => (output += c.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, output });
		});
	});
}

describe('the production server', () => {
	let server: TestServer;

	serverSuite((s) => (server = s));

	it('prints the generated staff credentials once, at the first start', () => {
		expect(server.output()).toMatch(/operator@providencia\s+[a-z0-9]{5}-[a-z0-9]{5}-[a-z0-9]{5}-[a-z0-9]{5}/);
		expect(server.output()).toMatch(/admin@las-condes/);
	});

	it('serves the app shell, the manifest and the service worker on one port', async () => {
		const home = await fetch(server.url + '/');
		expect(home.status).toBe(200);
		expect(await home.text()).toContain('<link rel="manifest"');
		const manifest = await (await fetch(server.url + '/manifest.webmanifest')).json();
		expect(manifest.short_name).toBe('Cuadra');
		const sw = await fetch(server.url + '/service-worker.js');
		expect(sw.status).toBe(200);
		expect(sw.headers.get('content-type')).toMatch(/javascript/);
	});

	it('serves every resident route as a prerendered page', async () => {
		for (const path of ['/settings', '/about', '/emergency']) {
			const response = await fetch(server.url + path);
			expect(response.status, path).toBe(200);
		}
	});

	it('publishes the municipalities’ public configuration', async () => {
		const response = await fetch(server.url + '/api/config');
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		const body = await response.json();
		expect(body.municipalities.map((m: { id: string }) => m.id)).toEqual(['las-condes', 'providencia']);
		expect(body.municipalities[1].emergencyNumbers.map((n: { number: string }) => n.number)).toContain('133');
		expect(JSON.stringify(body)).not.toMatch(/password|username/);
	});

	it('answers unknown API routes and methods with a clear JSON error', async () => {
		const missing = await fetch(server.url + '/api/nope');
		expect(missing.status).toBe(404);
		expect((await missing.json()).error.code).toBe('not_found');
		const wrongMethod = await fetch(server.url + '/api/config', { method: 'DELETE' });
		expect(wrongMethod.status).toBe(405);
		expect(wrongMethod.headers.get('allow')).toBe('GET');
	});

	it('refuses websocket upgrades outside /sync/ with a 404', async () => {
		const socket = connect(server.port, '127.0.0.1');
		socket.write('GET /elsewhere HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n');
		const firstLine = await new Promise<string>((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString().split('\r\n')[0] ?? '')));
		socket.destroy();
		expect(firstLine).toBe('HTTP/1.1 404 Not Found');
	});
});

describe('starting and stopping', () => {
	it('keeps its data across restarts and seeds only once', async () => {
		const dataDir = tempDataDir();
		const first = await startServer({ dataDir });
		expect(await first.stop()).toBe(0);
		const second = await startServer({ dataDir });
		expect(second.output()).not.toMatch(/Demo data seeded/);
		const body = await (await fetch(second.url + '/api/config')).json();
		expect(body.municipalities).toHaveLength(2);
		expect(await second.stop()).toBe(0);
		removeDir(dataDir);
	});

	it('stops cleanly on SIGINT as well as SIGTERM', async () => {
		const server = await startServer();
		server.process.kill('SIGINT');
		const code = await new Promise((resolve) => server.process.once('exit', resolve));
		expect(code).toBe(0);
		expect(server.output()).toMatch(/SIGINT received/);
		removeDir(server.dataDir);
	});

	it('seeds nothing in production', async () => {
		const server = await startServer({ env: { NODE_ENV: 'production', CUADRA_SEED: '', CUADRA_SECRET: 'a'.repeat(64) } });
		expect(server.output()).not.toMatch(/Demo data seeded|operator@/);
		const body = await (await fetch(server.url + '/api/config')).json();
		expect(body.municipalities).toEqual([]);
		await server.stop();
		removeDir(server.dataDir);
	});
});

describe('the production bundle (what `npm start` runs)', () => {
	it('starts from build/cuadra-server.js with no TypeScript loader and serves app and API', async () => {
		const server = await startServer({ bundle: true });
		// The process's command line: plain node and the bundle, nothing else.
		const loader = readFileSync(`/proc/${server.process.pid}/cmdline`, 'utf8');
		expect(loader).not.toContain('tsx');
		expect(loader).toContain('cuadra-server.js');
		expect((await fetch(server.url + '/api/health')).status).toBe(200);
		expect((await fetch(server.url + '/settings')).status).toBe(200);
		expect(await server.stop()).toBe(0);
		removeDir(server.dataDir);
	});
});

describe('refusing to start, with a message that says how to fix it', () => {
	it('a broken environment variable: exit 78, naming the variable', async () => {
		const { code, output } = await runToExit({ PORT: 'abc', CUADRA_DATA_DIR: tempDataDir() });
		expect(code).toBe(78);
		expect(output).toMatch(/PORT .*\(got "abc"\)/);
		expect(output).toMatch(/README\.md/);
	});

	it('a port already in use: exit 1, naming the port and the fix', async () => {
		const port = await freePort();
		const blocker: Server = createServer();
		await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
		const { code, output } = await runToExit({ PORT: String(port), CUADRA_DATA_DIR: tempDataDir() });
		blocker.close();
		expect(code).toBe(1);
		expect(output).toContain(`Port ${port} on 127.0.0.1 is already in use`);
		expect(output).toMatch(/PORT=/);
	});

	it('a data directory that cannot be created: exit 1, naming CUADRA_DATA_DIR', async () => {
		const parent = tempDataDir();
		writeFileSync(join(parent, 'not-a-dir'), 'x');
		const { code, output } = await runToExit({ CUADRA_DATA_DIR: join(parent, 'not-a-dir', 'data') });
		expect(code).toBe(1);
		expect(output).toMatch(/CUADRA_DATA_DIR/);
		removeDir(parent);
	});

	it('a data directory that is not writable: exit 1, naming CUADRA_DATA_DIR', async () => {
		if (process.getuid?.() === 0) {
			// root can write anywhere; use a file where the database should be a directory instead.
			const parent = tempDataDir();
			mkdirSync(join(parent, 'cuadra.sqlite'));
			const { code, output } = await runToExit({ CUADRA_DATA_DIR: parent });
			expect(code).toBe(1);
			expect(output).toMatch(/CUADRA_DATA_DIR/);
			removeDir(parent);
		} else {
			const parent = tempDataDir();
			chmodSync(parent, 0o500);
			const { code, output } = await runToExit({ CUADRA_DATA_DIR: parent });
			chmodSync(parent, 0o700);
			expect(code).toBe(1);
			expect(output).toMatch(/CUADRA_DATA_DIR/);
			removeDir(parent);
		}
	});

	it('an app that was never built: exit 1, telling to run the build', async () => {
		const { code, output } = await runToExit({ CUADRA_APP_DIR: tempDataDir(), CUADRA_DATA_DIR: tempDataDir() });
		expect(code).toBe(1);
		expect(output).toMatch(/npm run build/);
	});
});
