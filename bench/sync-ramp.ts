/**
 * The ramp of `npm run bench:sync` (issue 19): one feed room followed by more and more light
 * clients, each a bare `ws` socket that connects as the app does (a SyncStep1 first, no presence:
 * the app sends none in the feed) and only scans the bytes it receives for the new report's id, so
 * the clients' process is not what is measured. A step fails on a p95 over 1 s, a loss or a
 * disconnect; the ramp stops at the first failing step.
 */
import { readFileSync } from 'node:fs';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';

/** How a target's light client opens the room, and how a report reaches it. */
export interface RampTarget {
	name: string;
	pid: number;
	/** The socket's URL for client `n`, and the messages it sends once open. */
	light(n: number): Promise<{ url: string; hello: Uint8Array[]; headers?: Record<string, string> }>;
	/** Makes a new report reach the room (Cuadra: POST /api/reports; references: a writer's change); resolves when sent. */
	publish(id: string): Promise<void>;
	/** Anything `publish` needs made before it is timed (Cuadra: a reporter per report). */
	prepare?(count: number): Promise<void>;
}

export const RAMP_STEPS = (process.env.CUADRA_BENCH_RAMP ?? '250,1000,2500,5000').split(',').map(Number);
const REPORTS_PER_STEP = 10;
const REPORTS_PER_SECOND = 2;

const cpuMs = (pid: number) => {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
	return (Number(fields[11]) + Number(fields[12])) * 10;
};
const rssKiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) => (sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number) : NaN);

/** A y-protocols SyncStep1 of an empty document, after `prefix` (Hocuspocus puts the document's name first). */
export function step1(prefix?: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	prefix?.(e);
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint8Array(e, new Uint8Array([0]));
	return encoding.toUint8Array(e);
}

interface Light {
	ws: WebSocket;
	synced: boolean;
}

/** Reports on their way: the id's bytes, when it was published, who has it. */
interface Pending {
	marker: Buffer;
	sentAt: number;
	got: number;
}

export async function ramp(target: RampTarget): Promise<Record<string, number>> {
	const results: Record<string, number> = {};
	const idle = rssKiB(target.pid);
	const clients: Light[] = [];
	const pending: Pending[] = [];
	const latencies: number[] = [];
	let disconnects = 0;
	function onMessage(this: WebSocket, data: Buffer): void {
		const light = (this as WebSocket & { light?: Light }).light;
		if (light && !light.synced) light.synced = true;
		for (const p of pending) {
			if (data.indexOf(p.marker) !== -1) {
				p.got++;
				latencies.push(performance.now() - p.sentAt);
			}
		}
	}
	async function connect(n: number): Promise<void> {
		const { url, hello, headers } = await target.light(n);
		const ws = new WebSocket(url, { headers, perMessageDeflate: false });
		const light: Light = { ws, synced: false };
		(ws as WebSocket & { light?: Light }).light = light;
		ws.on('message', onMessage);
		ws.on('close', () => disconnects++);
		ws.on('error', () => {});
		await new Promise<void>((resolve, reject) => {
			ws.once('open', () => {
				for (const m of hello) ws.send(m);
				resolve();
			});
			ws.once('unexpected-response', (_req, res) => reject(new Error(`${target.name}: light client refused (${res.statusCode})`)));
		});
		clients.push(light);
	}

	let failed = false;
	for (const step of RAMP_STEPS) {
		if (failed) break;
		disconnects = 0;
		while (clients.length < step) {
			const wave = Math.min(100, step - clients.length);
			const start = clients.length;
			await Promise.all(Array.from({ length: wave }, (_, k) => connect(start + k)));
		}
		const deadline = Date.now() + 60_000;
		while (clients.some((c) => !c.synced) && Date.now() < deadline) await sleep(50);
		await target.prepare?.(REPORTS_PER_STEP);
		await sleep(500);
		const rss = rssKiB(target.pid);
		latencies.length = 0;
		pending.length = 0;
		const cpu = cpuMs(target.pid);
		const started = performance.now();
		for (let i = 0; i < REPORTS_PER_STEP; i++) {
			const wait = started + (i * 1000) / REPORTS_PER_SECOND - performance.now();
			if (wait > 0) await sleep(wait);
			const id = crypto.randomUUID();
			const p: Pending = { marker: Buffer.from(id), sentAt: performance.now(), got: 0 };
			pending.push(p);
			await target.publish(id);
		}
		const expected = REPORTS_PER_STEP * clients.length;
		const end = Date.now() + 10_000;
		while (pending.reduce((n, p) => n + p.got, 0) < expected && Date.now() < end) await sleep(20);
		const received = pending.reduce((n, p) => n + p.got, 0);
		const cpuPer1000 = ((cpuMs(target.pid) - cpu) / Math.max(1, received)) * 1000;
		const sorted = [...latencies].sort((a, b) => a - b);
		const p95 = percentile(sorted, 95);
		const lost = expected - received;
		results[`ramp${step}P50`] = percentile(sorted, 50);
		results[`ramp${step}P95`] = p95;
		results[`ramp${step}Lost`] = lost;
		results[`ramp${step}Disconnects`] = disconnects;
		results[`ramp${step}CpuPer1000`] = cpuPer1000;
		results[`ramp${step}RssMiB`] = rss / 1024;
		results[`ramp${step}KiBPerConnection`] = (rss - idle) / clients.length;
		failed = p95 > 1000 || lost > 0 || disconnects > 0;
		results.rampReached = failed ? (results.rampReached ?? 0) : step;
		console.error(`${target.name} ramp ${step}: p95 ${p95.toFixed(1)} ms, lost ${lost}, disconnects ${disconnects}, CPU ${cpuPer1000.toFixed(1)} ms per 1,000, ${((rss - idle) / clients.length).toFixed(1)} KiB per connection`);
	}
	for (const c of clients) c.ws.terminate();
	return results;
}
