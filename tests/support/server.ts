import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export const root = resolve(import.meta.dirname, '../..');

export interface TestServer {
	url: string;
	port: number;
	dataDir: string;
	process: ChildProcess;
	output(): string;
	/** SIGTERM and wait for exit. */
	stop(): Promise<number | null>;
	/** SIGKILL, no chance to flush: for crash tests. */
	kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolvePort(port));
		});
	});
}

export function tempDataDir(prefix = 'cuadra-test-'): string {
	return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Starts the real production server (its bundle, or `server/main.ts`) as a child process on a free loopback port,
 * with its own SQLite file. Resolves once it listens; rejects with its output if it exits first.
 */
/** The node flags of `npm start` (package.json), so tests and benches run the bundle exactly as production does. */
export function startNodeFlags(): string[] {
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
	const words = (pkg.scripts.start ?? '').split(/\s+/);
	return words.slice(words.indexOf('node') + 1).filter((w) => w.startsWith('--'));
}

export async function startServer(
	options: {
		env?: Record<string, string>;
		dataDir?: string;
		port?: number;
		appDir?: string;
		/**
		 * Run the production bundle (cuadra-server.js of the build, with the flags of `npm start`), as
		 * by default; `false` runs server/main.ts through tsx, as does CUADRA_TEST_FROM_SOURCE=1 for
		 * every test (while changing the server without rebuilding it). The bundle starts in half the
		 * time (about 1 s against 2 s of CPU here) and is what production runs.
		 */
		bundle?: boolean;
	} = {}
): Promise<TestServer> {
	const port = options.port ?? (await freePort());
	const dataDir = options.dataDir ?? tempDataDir();
	let output = '';
	const bundle = options.bundle ?? process.env.CUADRA_TEST_FROM_SOURCE !== '1';
	const entry = bundle ? [...startNodeFlags(), join(options.appDir ?? join(root, 'build'), 'cuadra-server.js')] : ['--import', 'tsx', 'server/main.ts'];
	const child = spawn(process.execPath, entry, {
		cwd: root,
		env: {
			PATH: process.env.PATH ?? '',
			HOME: process.env.HOME ?? '',
			NODE_ENV: 'test',
			HOST: '127.0.0.1',
			PORT: String(port),
			CUADRA_DATA_DIR: dataDir,
			CUADRA_SEED: 'demo',
			CUADRA_APP_DIR: options.appDir ?? join(root, 'build'),
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

	await new Promise<void>((ready, fail) => {
		const timer = setTimeout(() => fail(new Error(`server did not start in 30 s:\n${output}`)), 30_000);
		const check = () => {
			if (output.includes('Cuadra is serving')) {
				clearTimeout(timer);
				ready();
			}
		};
		child.stdout?.on('data', check);
		void exited.then((code) => {
			clearTimeout(timer);
			fail(new Error(`server exited with ${code} before listening:\n${output}`));
		});
	});

	return {
		url: `http://127.0.0.1:${port}`,
		port,
		dataDir,
		process: child,
		output: () => output,
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGTERM');
			return exited;
		},
		kill: async () => {
			if (child.exitCode === null) child.kill('SIGKILL');
			await exited;
		}
	};
}

export function removeDir(dir: string): void {
	rmSync(dir, { recursive: true, force: true });
}

/**
 * A private copy of ./build inside the project (so the server bundle still resolves node_modules),
 * for tests that change the deployed app, and so that a rebuild elsewhere cannot disturb a test.
 */
export function copyBuild(): string {
	const dir = join(root, '.tmp', `app-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
	cpSync(join(root, 'build'), dir, { recursive: true });
	return dir;
}

/**
 * A real server for a describe block (or a whole file): started before its tests, stopped and its
 * store removed after them. `ready` receives it once it serves (e.g. `(s) => (server = s)`).
 */
export function serverSuite(ready: (server: TestServer) => void, options?: Parameters<typeof startServer>[0]): void {
	let server: TestServer | undefined;
	beforeAll(async () => {
		server = await startServer(options);
		ready(server);
	});
	afterAll(async () => {
		await server?.stop();
		removeDir(server?.dataDir ?? '');
	});
}
