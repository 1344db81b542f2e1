/**
 * `npm run bench:sync`: Cuadra's sync server against two references installed only in
 * bench/reference: the y-websocket server (the last 1.x `bin/server.js`) and Hocuspocus 4.7
 * (`@hocuspocus/server`, driven by its own provider). Same load, same entries, same run; Cuadra's
 * and y-websocket's clients are y-websocket 3 providers, Hocuspocus's its own provider. The
 * references do no authentication, no validation and no persistence; Cuadra does all three for
 * every update. The ramp (sync-ramp.ts) uses light clients on all three.
 *
 * CUADRA_BENCH_ROUNDS (2 by default): interleaved rounds. CUADRA_BENCH_ONLY=cuadra,hocuspocus:
 * some targets (also `reference-flags`, y-websocket with Cuadra's node flags, `cuadra-from-store`).
 * CUADRA_BENCH_SCENARIO=fanout,many,cold,ramp: some scenarios. CUADRA_BENCH_RAMP=250,1000: the ramp's steps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { toFeedEntry } from '../src/lib/domain/feed-doc.ts';
import { ramp, RAMP_STEPS, step1, type RampTarget } from './sync-ramp.ts';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { reportMeta, reportPseudonym } from '../server/reports/report-doc.ts';
import type { PublicReport } from '../src/lib/domain/report.ts';
import { freePort, removeDir, root, startNodeFlags, startServer, type TestServer } from '../tests/support/server.ts';

export const title = 'Sync: Cuadra vs the y-websocket 1.x and Hocuspocus 4.7 servers';
export const onlyWhenAsked = true;

const FANOUT = { clients: 200, perSecond: 10, seconds: 10 };
const MANY = { singleDocs: 2000, multiClients: 50, multiRooms: 40, perSecond: 20, seconds: 10 };
const COLD_MESSAGES = 5000;
/** Cold joins measured one after another (the median is printed). */
const COLD_JOINS = 9;

/** Which scenarios run (CUADRA_BENCH_SCENARIO, all by default). */
const SCENARIOS = new Set((process.env.CUADRA_BENCH_SCENARIO ?? 'fanout,many,cold,ramp').split(','));

/** A full client on a room: a provider and its document. */
interface Client {
	room: string;
	doc: Y.Doc;
	userId: string;
	synced(): boolean;
	destroy(): void;
}

interface Target {
	name: string;
	url: string;
	pid: number;
	/** Opens a full client (its own provider: y-websocket 3 for Cuadra and y-websocket, Hocuspocus's for Hocuspocus). */
	open(room: string, params: Record<string, string>, doc?: Y.Doc): Omit<Client, 'userId'>;
	/** The ramp's light clients and publisher, on this target's feed room. */
	ramp(): Promise<RampTarget>;
	/** A user for client number `n` (Cuadra: a resident session; reference: nothing). */
	user(n: number): Promise<{ id: string; params: Record<string, string> }>;
	/** A room clients may write to (Cuadra: a report posted over HTTP, whose document the server creates). */
	room(): Promise<string>;
	stop(): Promise<void>;
}

/** A y-websocket 3 provider (Cuadra's and the y-websocket server's full clients). */
function yWebsocketClient(url: string, room: string, params: Record<string, string>, doc = new Y.Doc()): Omit<Client, 'userId'> {
	const provider = new WebsocketProvider(url, room, doc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, params, disableBc: true });
	return { room, doc, synced: () => provider.synced, destroy: () => provider.destroy() };
}

/** The feed entry of a new bench report, as Cuadra's server writes it into `feed:<municipality>`. */
const feedEntry = (id: string) => toFeedEntry(benchReport(id));

/** The references' ramp: light clients on one room, a full client of the target's own kind writing feed entries into it. */
async function referenceRamp(target: Target, lightUrl: (room: string) => { url: string; hello: Uint8Array[] }): Promise<RampTarget> {
	const room = `feed-${randomUUID()}`;
	const writer = target.open(room, {});
	await until(() => writer.synced(), 10_000);
	return {
		name: target.name,
		pid: target.pid,
		light: async () => lightUrl(room),
		async publish(id) {
			writer.doc.getMap('reports').set(id, feedEntry(id));
		}
	};
}

/**
 * Cuadra as `npm start` runs it, with its defaults; only limits that would refuse the bench's own
 * load (registrations, messages per second, upgrades at once from one machine) are raised.
 */
async function cuadra(extraEnv: Record<string, string> = {}): Promise<Target & { server: TestServer }> {
	const server = await startServer({
		bundle: true,
		env: {
			CUADRA_REGISTRATIONS_PER_HOUR: '100000',
			CUADRA_SYNC_MESSAGES_PER_SECOND: '10000',
			CUADRA_SYNC_MAX_PENDING_UPGRADES: '1000',
			...extraEnv,
			...(process.env.CUADRA_BENCH_SNAPSHOT ? { NODE_OPTIONS: '--heapsnapshot-signal=SIGUSR2' } : {})
		}
	});
	async function register(): Promise<{ id: string; params: Record<string, string> }> {
		const response = await fetch(`${server.url}/api/auth/resident`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ secret: randomBytes(32).toString('base64url'), municipalityId: 'providencia' })
		});
		const body = (await response.json()) as { user: { id: string } };
		const token = decodeURIComponent(/cuadra_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1] ?? '');
		return { id: body.user.id, params: { token } };
	}
	// Promises, so clients of one user that connect at the same time share one resident and session
	// (before, each concurrent first connection of a user registered a resident of its own).
	const users = new Map<number, Promise<{ id: string; params: Record<string, string> }>>();
	const target: Target & { server: TestServer } = {
		name: 'cuadra',
		server,
		url: `ws://127.0.0.1:${server.port}/sync`,
		pid: server.process.pid as number,
		open: (room, params, doc) => yWebsocketClient(`ws://127.0.0.1:${server.port}/sync`, room, params, doc),
		async ramp() {
			// A new report reaches the feed as in production: posted over HTTP by a resident (one
			// each, registered before the step is timed: a resident may post only so many).
			const reporters: { params: Record<string, string> }[] = [];
			return {
				name: 'cuadra',
				pid: server.process.pid as number,
				async light(n) {
					// As the app connects to its municipality's feed: a session token, a SyncStep1, no presence.
					const user = await target.user(10_000 + Math.floor(n / 100));
					return { url: `ws://127.0.0.1:${server.port}/sync/feed:providencia?token=${encodeURIComponent(user.params.token ?? '')}`, hello: [step1()] };
				},
				async prepare(count) {
					while (reporters.length < count) reporters.push(...(await Promise.all(Array.from({ length: count - reporters.length }, () => register()))));
				},
				async publish(id) {
					const reporter = reporters.pop() ?? (await register());
					const response = await fetch(`${server.url}/api/reports`, {
						method: 'POST',
						headers: { 'content-type': 'application/json', cookie: `cuadra_session=${encodeURIComponent(reporter.params.token ?? '')}` },
						body: JSON.stringify({ id, category: 'streetlight_out', description: 'bench', location: { kind: 'point', point: [-70.6128, -33.4255], source: 'map' }, consentToCall: false, reportedAt: new Date().toISOString() })
					});
					if (!response.ok) throw new Error(`cuadra: a ramp report was refused (${response.status})`);
				}
			};
		},
		user(n) {
			let user = users.get(n);
			if (!user) users.set(n, (user = register()));
			return user;
		},
		async room() {
			// A fresh resident per report, so the per-resident report limit never applies.
			const reporter = await register();
			const id = randomUUID();
			const response = await fetch(`${server.url}/api/reports`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie: `cuadra_session=${encodeURIComponent(reporter.params.token ?? '')}` },
				body: JSON.stringify({ id, category: 'streetlight_out', description: 'bench', location: { kind: 'point', point: [-70.6128, -33.4255], source: 'map' }, consentToCall: false, reportedAt: new Date().toISOString() })
			});
			if (!response.ok) throw new Error(`cuadra: a bench report was refused (${response.status})`);
			return `report:${id}`;
		},
		async stop() {
			await server.stop();
			removeDir(server.dataDir);
		}
	};
	return target;
}

/** The public report Cuadra's bench rooms are made from (what `room()` posts), as the server keeps it. */
function benchReport(id: string): PublicReport {
	const now = new Date().toISOString();
	return { id, incidentId: id, municipality: 'providencia', category: 'streetlight_out', group: 'neighbourhood', description: 'bench', point: [-70.6128, -33.4255], coarse: false, place: null, photoIds: [], reportedAt: now, receivedAt: now, status: 'received', statusAt: now, closingMessage: null };
}

/**
 * The reference server as shipped (`node bin/server.js`), or with `flags` (Cuadra's own node flags
 * from `npm start`, to show how much of the difference they make). Its rooms hold what Cuadra's
 * report rooms hold: the same public meta, written by a client before the load starts.
 */
async function reference(flags: string[] = []): Promise<Target> {
	const bin = join(root, 'bench/reference/node_modules/y-websocket/bin/server.js');
	if (!existsSync(bin)) throw new Error('The reference server is missing: run `npm install --prefix bench/reference --omit=optional`.');
	const port = await freePort();
	const child: ChildProcess = spawn(process.execPath, [...flags, ...(process.env.CUADRA_BENCH_SNAPSHOT ? ['--heapsnapshot-signal=SIGUSR2'] : []), bin], { env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
	await new Promise<void>((resolve, reject) => {
		child.stdout?.on('data', (d: Buffer) => d.toString().includes('running at') && resolve());
		child.once('exit', (code) => reject(new Error(`reference server exited with ${code}`)));
	});
	const url = `ws://127.0.0.1:${port}`;
	const referenceUsers = new Map<number, string>();
	const target: Target = {
		name: flags.length ? 'y-websocket 1.x with Cuadra flags' : 'y-websocket 1.x',
		url,
		pid: child.pid as number,
		open: (room, params, doc) => yWebsocketClient(url, room, params, doc),
		ramp: () => referenceRamp(target, (room) => ({ url: `${url}/${room}`, hello: [step1()] })),
		// A UUID per user, as Cuadra's user ids are: the author of every message weighs the same on both sides.
		user: async (n) => ({ id: referenceUsers.get(n) ?? (referenceUsers.set(n, randomUUID()).get(n) as string), params: {} }),
		// Synced means the server answered; the meta went before that answer on the same socket.
		room: () => metaRoom(target, 0),
		stop: () => stopChild(child)
	};
	return target;
}

/** A reference's room holding what Cuadra's report rooms hold: the public meta, written by a full client. */
async function metaRoom(target: Target, settleMs: number): Promise<string> {
	const name = randomUUID();
	const client = target.open(name, {});
	const meta = reportMeta(benchReport(name), reportPseudonym());
	client.doc.transact(() => {
		for (const [key, value] of Object.entries(meta)) client.doc.getMap('meta').set(key, value);
	});
	await until(() => client.synced(), 10_000);
	if (settleMs) await sleep(settleMs);
	client.destroy();
	client.doc.destroy();
	return name;
}

const stopChild = (child: ChildProcess) =>
	new Promise<void>((resolve) => {
		child.once('exit', () => resolve());
		child.kill('SIGTERM');
	});

/**
 * Hocuspocus 4.7 as its docs start it (`new Server({ port }).listen()`, bench/reference/hocuspocus-server.mjs),
 * with no extensions: no authentication, no persistence. Its full clients are its own provider,
 * with documents of bench/reference's copy of yjs (the provider's own). Rooms hold the same meta as
 * Cuadra's report rooms.
 */
async function hocuspocus(): Promise<Target> {
	const dir = join(root, 'bench/reference');
	const bin = join(dir, 'hocuspocus-server.mjs');
	if (!existsSync(join(dir, 'node_modules/@hocuspocus/server'))) throw new Error('Hocuspocus is missing: run `npm install --prefix bench/reference --omit=optional`.');
	const { HocuspocusProvider } = (await import(join(dir, 'node_modules/@hocuspocus/provider/dist/hocuspocus-provider.esm.js'))) as {
		HocuspocusProvider: new (config: { url: string; name: string; document: unknown; WebSocketPolyfill: unknown }) => { isSynced: boolean; destroy(): void };
	};
	const RY = (await import(join(dir, 'node_modules/yjs/dist/yjs.mjs'))) as typeof Y;
	const port = await freePort();
	const child: ChildProcess = spawn(process.execPath, [bin], { env: { PATH: process.env.PATH ?? '', PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
	await new Promise<void>((resolve, reject) => {
		child.stdout?.on('data', (d: Buffer) => d.toString().includes('running at') && resolve());
		child.once('exit', (code) => reject(new Error(`hocuspocus exited with ${code}`)));
	});
	const url = `ws://127.0.0.1:${port}`;
	const users = new Map<number, string>();
	const open = (room: string, _params: Record<string, string>, doc: Y.Doc = new RY.Doc()): Omit<Client, 'userId'> => {
		const provider = new HocuspocusProvider({ url, name: room, document: doc, WebSocketPolyfill: WebSocket });
		return { room, doc, synced: () => provider.isSynced, destroy: () => provider.destroy() };
	};
	const target: Target = {
		name: 'hocuspocus 4.7',
		url,
		pid: child.pid as number,
		open,
		// Its wire format puts the document's name before every message, and a client authenticates first (an empty token).
		ramp: () =>
			referenceRamp(target, (room) => {
				const name = (e: encoding.Encoder) => encoding.writeVarString(e, room);
				const auth = encoding.createEncoder();
				name(auth);
				encoding.writeVarUint(auth, 2);
				encoding.writeVarUint(auth, 0);
				encoding.writeVarString(auth, '');
				return { url, hello: [encoding.toUint8Array(auth), step1(name)] };
			}),
		user: async (n) => ({ id: users.get(n) ?? (users.set(n, randomUUID()).get(n) as string), params: {} }),
		// Its provider may send the meta after it reports synced: a moment for it to leave.
		room: () => metaRoom(target, 50),
		stop: () => stopChild(child)
	};
	return target;
}

/**
 * A full collection in the clients' process (it runs with --expose-gc) before each measured phase:
 * the targets' set-ups leave different garbage in it (Cuadra's clients register 2,080 residents
 * and post as many reports over HTTP; the reference's open and close 2,080 providers), and without
 * this the collections of that garbage fell into the next measurement (a 143 MB client heap at the
 * start of the many-rooms load with Cuadra, 98 MB with the reference; scavenges of 7 ms against 5).
 */
const collectGarbage = () => (globalThis as { gc?: () => void }).gc?.();

/**
 * CPU time of a process so far (utime + stime from /proc/<pid>/stat, clock ticks of 10 ms), in ms.
 * Steadier than latency on a shared machine: the server's own work, whatever else runs.
 */
const cpuMs = (pid: number) => {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
	return (Number(fields[11]) + Number(fields[12])) * 10;
};
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => (sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number) : NaN);

async function until(check: () => boolean, deadlineMs: number): Promise<boolean> {
	const end = Date.now() + deadlineMs;
	while (!check()) {
		if (Date.now() > end) return false;
		await sleep(10);
	}
	return true;
}

async function connectAll(target: Target, specs: { room: string; user: number }[], batch = 100): Promise<Client[]> {
	const clients: Client[] = [];
	for (let i = 0; i < specs.length; i += batch) {
		const wave = await Promise.all(
			specs.slice(i, i + batch).map(async ({ room, user }) => {
				const u = await target.user(user);
				return { ...target.open(room, u.params), userId: u.id };
			})
		);
		if (!(await until(() => wave.every((c) => c.synced()), 30_000))) throw new Error(`${target.name}: clients did not sync`);
		clients.push(...wave);
	}
	return clients;
}

const entry = (userId: string, text: string) => ({ id: randomUUID().slice(0, 12), author: userId, text, at: Date.now() });

/** Sends `perSecond` updates for `seconds` from random clients; measures delivery to every other client in the room. */
async function fanOut(clients: Client[], perSecond: number, seconds: number): Promise<{ latencies: number[]; expected: number; received: number }> {
	const byRoom = new Map<string, Client[]>();
	for (const c of clients) byRoom.set(c.room, [...(byRoom.get(c.room) ?? []), c]);
	const latencies: number[] = [];
	let received = 0;
	let expected = 0;
	const observers = clients.map((c) => {
		const observer = (event: Y.YArrayEvent<{ text: string }>) => {
			if (event.transaction.local) return;
			for (const delta of event.changes.delta) {
				for (const value of (delta.insert as { text: string }[] | undefined) ?? []) {
					if (!value.text.startsWith('t:')) continue;
					latencies.push(performance.now() - Number(value.text.slice(2)));
					received++;
				}
			}
		};
		c.doc.getArray<{ text: string }>('messages').observe(observer);
		return () => c.doc.getArray<{ text: string }>('messages').unobserve(observer);
	});
	const total = perSecond * seconds;
	const started = performance.now();
	for (let i = 0; i < total; i++) {
		const wait = started + (i * 1000) / perSecond - performance.now();
		if (wait > 0) await sleep(wait);
		const sender = clients[Math.floor(Math.random() * clients.length)] as Client;
		expected += (byRoom.get(sender.room)?.length ?? 1) - 1;
		sender.doc.getArray('messages').push([entry(sender.userId, `t:${performance.now()}`)]);
	}
	await until(() => received >= expected, 10_000);
	for (const stop of observers) stop();
	return { latencies: latencies.sort((a, b) => a - b), expected, received };
}

async function runTarget(target: Target) {
	const results: Record<string, number> = {};
	results.idleRss = rssMiB(target.pid);

	// 1. Fan-out: one room, 200 clients.
	/** Rooms are made before any measurement (Cuadra: reports posted over HTTP), 50 at a time. */
	const rooms = async (n: number) => {
		const made: string[] = [];
		while (made.length < n) made.push(...(await Promise.all(Array.from({ length: Math.min(50, n - made.length) }, () => target.room()))));
		return made;
	};
	if (SCENARIOS.has('fanout')) {
		const fanRoom = await target.room();
		const fan = await connectAll(target, Array.from({ length: FANOUT.clients }, (_, i) => ({ room: fanRoom, user: i })));
		collectGarbage();
		results.fanRss = rssMiB(target.pid);
		const fanCpu = cpuMs(target.pid);
		const f = await fanOut(fan, FANOUT.perSecond, FANOUT.seconds);
		results.fanCpuPer1000 = ((cpuMs(target.pid) - fanCpu) / Math.max(1, f.received)) * 1000;
		results.fanP50 = percentile(f.latencies, 50);
		results.fanP95 = percentile(f.latencies, 95);
		results.fanP99 = percentile(f.latencies, 99);
		results.fanLost = f.expected - f.received;
		for (const c of fan) c.destroy();
	}

	// 2. Many rooms: 2,000 documents with one client each, and 50 clients on the same 40 rooms.
	if (SCENARIOS.has('many')) {
		const singleRooms = await rooms(MANY.singleDocs);
		const singles = await connectAll(target, singleRooms.map((room, i) => ({ room, user: 1000 + (i % 20) })));
		for (const c of singles) c.doc.getArray('messages').push([entry(c.userId, 'hello')]);
		const hot = await rooms(MANY.multiRooms);
		const multi = await connectAll(target, Array.from({ length: MANY.multiClients * MANY.multiRooms }, (_, i) => ({ room: hot[i % MANY.multiRooms] as string, user: 2000 + Math.floor(i / MANY.multiRooms) })));
		// RSS is sampled every 250 ms under the load, not read once: one reading lands anywhere
		// between two garbage collections.
		collectGarbage();
		const samples = [rssMiB(target.pid)];
		const sampler = setInterval(() => samples.push(rssMiB(target.pid)), 250);
		const manyCpu = cpuMs(target.pid);
		const m = await fanOut(multi, MANY.perSecond, MANY.seconds);
		results.manyCpuPer1000 = ((cpuMs(target.pid) - manyCpu) / Math.max(1, m.received)) * 1000;
		clearInterval(sampler);
		samples.push(rssMiB(target.pid));
		results.manyP95 = percentile(m.latencies, 95);
		results.manyLost = m.expected - m.received;
		results.manyRss = percentile([...samples].sort((a, b) => a - b), 50);
		results.manyRssPeak = Math.max(...samples);
		results.manyRssGrowth = results.manyRss - results.idleRss;
		results.manyKiBPerSocket = (results.manyRssGrowth * 1024) / (singles.length + multi.length);
		// Where the memory is (node binary, V8 pages, malloc): CUADRA_BENCH_SMAPS=1 keeps /proc/<pid>/smaps.
		if (process.env.CUADRA_BENCH_SMAPS) writeFileSync(join(tmpdir(), `smaps-${target.name.replace(/\W+/g, '_')}`), readFileSync(`/proc/${target.pid}/smaps`, 'utf8'));
		if (process.env.CUADRA_BENCH_SNAPSHOT) {
			process.kill(target.pid, 'SIGUSR2');
			await sleep(20_000);
	}
	for (const c of [...singles, ...multi]) c.destroy();
	}

	// 3. Cold sync of a document holding 5,000 chat messages.
	if (SCENARIOS.has('cold')) {
		const cpu = cpuMs(target.pid);
		results.coldMs = await coldSync(target, 'in memory');
		// The whole scenario's server CPU (filling the document, then the joins), per join.
		results.coldCpuPerJoin = (cpuMs(target.pid) - cpu) / COLD_JOINS;
	}
	return results;
}

/**
 * One client joins `room`: milliseconds from creating it until its document holds every message,
 * taken in the update event that completes it (not by polling, which would round to its interval).
 */
async function timedJoin(target: Target, room: string, userNumber: number): Promise<number> {
	const user = await target.user(userNumber);
	let client: Omit<Client, 'userId'> | undefined;
	const ms = await new Promise<number>((resolve, reject) => {
		const timeout = setTimeout(() => reject(new Error(`${target.name}: a cold join did not get every message`)), 30_000);
		const started = performance.now();
		client = target.open(room, user.params);
		const { doc } = client;
		doc.on('update', () => {
			if (doc.getArray('messages').length < COLD_MESSAGES) return;
			clearTimeout(timeout);
			resolve(performance.now() - started);
		});
	});
	client?.destroy();
	client?.doc.destroy();
	return ms;
}

/** The middle value; of an even count, the mean of the two middle ones (of two rounds: their mean, not the higher). */
const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const half = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? (sorted[half] as number) : ((sorted[half - 1] as number) + (sorted[half] as number)) / 2;
};

/**
 * A document with 5,000 chat messages, then new clients join one after another: the median of
 * their times until they hold every message. `in memory`: the document stays loaded (a writer
 * keeps it open). `from the store`: each join waits until the server has unloaded the document
 * (no socket for CUADRA_SYNC_IDLE_SECONDS), so it is read back from the store first.
 */
async function coldSync(target: Target, where: 'in memory' | 'from the store'): Promise<number> {
	const coldRoom = await target.room();
	const [writer] = await connectAll(target, [{ room: coldRoom, user: 3000 }]);
	if (!writer) throw new Error('no writer');
	for (let i = 0; i < COLD_MESSAGES; i += 100) {
		writer.doc.getArray('messages').push(Array.from({ length: 100 }, (_, k) => entry(writer.userId, `message ${i + k}: ${'x'.repeat(40)}`)));
	}
	const [check] = await connectAll(target, [{ room: coldRoom, user: 3001 }]);
	if (!(await until(() => check?.doc.getArray('messages').length === COLD_MESSAGES, 30_000))) throw new Error(`${target.name}: the cold document did not fill`);
	check?.destroy();
	if (where === 'from the store') writer.destroy();
	const times: number[] = [];
	collectGarbage();
	for (let k = 0; k < (where === 'in memory' ? COLD_JOINS : 3); k++) {
		if (where === 'from the store') await sleep(3000);
		times.push(await timedJoin(target, coldRoom, 3002 + k));
	}
	writer.destroy();
	return median(times);
}

/** The measured servers, each run in a bench process of its own (see `run`). */
const makers: Record<string, () => Promise<Record<string, number>>> = {
	reference: () => measure(() => reference()),
	hocuspocus: () => measure(() => hocuspocus()),
	'reference-flags': () => measure(() => reference(startNodeFlags())),
	cuadra: () => measure(() => cuadra()),
	// Cuadra only, on a server of its own that unloads a document 1 s after its last socket.
	'cuadra-from-store': async () => {
		const target = await cuadra({ CUADRA_SYNC_IDLE_SECONDS: '1' });
		try {
			return { coldFromStoreMs: await coldSync(target, 'from the store') };
		} finally {
			await target.stop();
		}
	}
};

/** The scenarios on one server, then the ramp on a fresh one (nothing of the others left in it). */
async function measure(make: () => Promise<Target>): Promise<Record<string, number>> {
	const results: Record<string, number> = {};
	if (['fanout', 'many', 'cold'].some((s) => SCENARIOS.has(s))) {
		const target = await make();
		try {
			Object.assign(results, await runTarget(target));
		} finally {
			await target.stop();
		}
	}
	if (SCENARIOS.has('ramp')) {
		const target = await make();
		try {
			collectGarbage();
			Object.assign(results, await ramp(await target.ramp()));
		} finally {
			await target.stop();
		}
	}
	return results;
}

/** Runs one maker in a fresh bench process; its figures come back as the last line of its output. */
function inChild(name: string): Promise<Record<string, number>> {
	return new Promise((resolve, reject) => {
		// The clients' process runs with gc() exposed (see collectGarbage) and without V8's
		// allocation-site pretenuring. Pretenuring decides, from what survived the garbage
		// collections of the set-up phase, to allocate an allocation site's objects straight into
		// the old generation from then on. Set-up differs between the targets (Cuadra's clients
		// register over HTTP first), and with Cuadra it led V8 to pretenure the Maps every Yjs
		// transaction makes: 19 % of young objects survived instead of 4 %, and the clients' process
		// ran extra full collections during the fan-out (three, of 5-10 ms each, against none),
		// which were counted as Cuadra's latency. Measured with --trace-gc-nvp.
		const child = spawn(process.execPath, ['--no-allocation-site-pretenuring', '--expose-gc', '--import', 'tsx', import.meta.filename], { env: { ...process.env, CUADRA_BENCH_TARGET: name }, stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
		child.once('exit', (code) => {
			const last = out.trim().split('\n').at(-1) ?? '';
			if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as Record<string, number>);
			else reject(new Error(`bench ${name} exited with ${code}:\n${out}`));
		});
	});
}

// A child started by `run` for one target: measure it, print the figures, exit.
if (process.env.CUADRA_BENCH_TARGET && process.argv[1] === import.meta.filename) {
	process.setMaxListeners(0);
	const maker = makers[process.env.CUADRA_BENCH_TARGET];
	if (!maker) throw new Error(`unknown bench target ${process.env.CUADRA_BENCH_TARGET}`);
	console.log(JSON.stringify(await maker()));
	process.exit(0);
}

/**
 * Rounds of every target, interleaved (`CUADRA_BENCH_ROUNDS`, 3 by default). On a shared machine
 * one run of a target differs from the next by 1-2 ms at the median and more at the tail, often
 * more than the difference between the servers, and a slow minute would fall on whichever target
 * ran then. So each round runs every target once, in an order rotated from round to round, and the
 * table gives each figure's median over the rounds with its range.
 */
const ROUNDS = Number(process.env.CUADRA_BENCH_ROUNDS ?? 2);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 20) throw new Error(`CUADRA_BENCH_ROUNDS must be a whole number from 1 to 20, not "${process.env.CUADRA_BENCH_ROUNDS}"`);

export default async function run(): Promise<Record<string, unknown>[]> {
	// Each target runs in a bench process of its own: the clients' process would otherwise carry
	// one target's garbage and heap into the next target's figures (the last one measured paid).
	// CUADRA_BENCH_ONLY=cuadra,hocuspocus runs some targets (for profiling); ratios need both sides.
	const only = process.env.CUADRA_BENCH_ONLY?.split(',');
	const names = (only ?? ['cuadra', 'hocuspocus', 'reference', 'cuadra-from-store']).filter((name) => (SCENARIOS.has('cold') || name !== 'cuadra-from-store') && name in makers);
	const rounds: Record<string, Record<string, number>[]> = {};
	for (let r = 0; r < ROUNDS; r++) {
		const order = names.map((_, i) => names[(i + r) % names.length] as string);
		for (const name of order) {
			const figures = await inChild(name);
			(rounds[name] ??= []).push(figures);
			console.error(`round ${r + 1}/${ROUNDS}`, name, JSON.stringify(figures));
		}
	}
	/** Per figure: the median over the rounds, and every round's value. */
	const over = (name: string) => {
		const runs = rounds[name] ?? [];
		const keys = new Set(runs.flatMap((run) => Object.keys(run)));
		return Object.fromEntries([...keys].map((key) => [key, runs.map((run) => run[key]).filter((v): v is number => v !== undefined)]));
	};
	const c = { ...over('cuadra'), ...over('cuadra-from-store') };
	const h = over('hocuspocus');
	const r = over('reference');
	const rf = over('reference-flags');
	const mid = (values: number[] | undefined) => (values?.length ? median(values) : undefined);
	const ratio = (a: number[] | undefined, b: number[] | undefined) => {
		const [x, y] = [mid(a), mid(b)];
		return x !== undefined && y ? round(x / y) : '—';
	};
	const cell = (values: number[] | undefined) => {
		if (!values?.length) return '—';
		const m = round(mid(values));
		return values.length === 1 ? m : `${m} (${round(Math.min(...values))}–${round(Math.max(...values))})`;
	};
	const row = (metric: string, key: string, unit: string) => ({
		metric,
		unit,
		cuadra: cell(c[key]),
		'hocuspocus 4.7': cell(h[key]),
		'cuadra / hocuspocus': ratio(c[key], h[key]),
		'y-websocket 1.x': cell(r[key]),
		'cuadra / y-websocket': ratio(c[key], r[key]),
		...(rf[key]?.length ? { [`y-websocket, node ${startNodeFlags().join(' ')}`]: cell(rf[key]) } : {})
	});
	console.error(`medians of ${ROUNDS} interleaved rounds, each round's range in brackets; ratios of the medians`);
	const rows = [
		row(`fan-out p50 (1 room, ${FANOUT.clients} full clients, ${FANOUT.perSecond} updates/s)`, 'fanP50', 'ms'),
		row('fan-out p95', 'fanP95', 'ms'),
		row('fan-out p99', 'fanP99', 'ms'),
		row('fan-out lost messages', 'fanLost', 'count'),
		row('fan-out server CPU (utime + stime) per 1,000 delivered updates', 'fanCpuPer1000', 'ms'),
		row('fan-out server RSS with the clients connected', 'fanRss', 'MiB'),
		row(`many rooms p95 (${MANY.singleDocs} docs × 1 client + ${MANY.multiClients} clients × ${MANY.multiRooms} rooms)`, 'manyP95', 'ms'),
		row('many rooms lost messages', 'manyLost', 'count'),
		row('many rooms server CPU (utime + stime) per 1,000 delivered updates', 'manyCpuPer1000', 'ms'),
		row('many rooms server RSS (median of samples every 250 ms under the load)', 'manyRss', 'MiB'),
		row('many rooms server RSS, peak under the load', 'manyRssPeak', 'MiB'),
		row('many rooms: RSS growth over idle', 'manyRssGrowth', 'MiB'),
		row('many rooms: RSS growth over idle per socket', 'manyKiBPerSocket', 'KiB'),
		row('idle server RSS (before the load; Cuadra includes the web app)', 'idleRss', 'MiB'),
		row(`cold sync, ${COLD_MESSAGES} chat messages, median of ${COLD_JOINS} joins (document in memory)`, 'coldMs', 'ms'),
		row('cold sync: server CPU of the scenario (filling, joins) per join', 'coldCpuPerJoin', 'ms'),
		row(`cold sync, ${COLD_MESSAGES} chat messages, median of 3 joins (Cuadra only: unloaded, read from the store; idle 1 s)`, 'coldFromStoreMs', 'ms'),
		row(`ramp: one feed room, light clients, last step passed (of ${RAMP_STEPS.join(', ')})`, 'rampReached', 'clients')
	];
	for (const step of RAMP_STEPS) {
		rows.push(
			row(`ramp ${step} clients: a new report reaches them, p50`, `ramp${step}P50`, 'ms'),
			row(`ramp ${step}: p95`, `ramp${step}P95`, 'ms'),
			row(`ramp ${step}: lost`, `ramp${step}Lost`, 'count'),
			row(`ramp ${step}: disconnected`, `ramp${step}Disconnects`, 'count'),
			row(`ramp ${step}: server CPU per 1,000 deliveries`, `ramp${step}CpuPer1000`, 'ms'),
			row(`ramp ${step}: server RSS`, `ramp${step}RssMiB`, 'MiB'),
			row(`ramp ${step}: RSS over idle per connection`, `ramp${step}KiBPerConnection`, 'KiB')
		);
	}
	// Rows no target measured (scenarios not run) are left out.
	return rows.filter((line) => line.cuadra !== '—' || line['hocuspocus 4.7'] !== '—' || line['y-websocket 1.x'] !== '—');
}

function round(value: number | undefined): number | string {
	if (value === undefined || Number.isNaN(value)) return '—';
	return Math.round(value * 100) / 100;
}

