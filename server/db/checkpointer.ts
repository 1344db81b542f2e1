import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log.ts';
import { sqliteConnection, type Db } from './index.ts';

/** SQLite's default: a checkpoint once the WAL holds this many pages. Restored if the worker stops. */
export const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

/** What `PRAGMA wal_checkpoint` reports: frames in the WAL, and how many of them are in the database file now. */
export interface CheckpointResult {
	busy: number;
	log: number;
	checkpointed: number;
}

export interface Checkpointer {
	/** Runs a checkpoint in the worker now, and resolves to its result. */
	now(): Promise<CheckpointResult>;
	/** How many of the worker's timed checkpoints found something to copy into the database file. */
	readonly checkpoints: number;
	/** Stops the worker. The main connection checkpoints by itself again, as SQLite does by default. */
	stop(): Promise<void>;
}

type FromWorker = { type: 'ready' } | { type: 'checkpointed' } | { type: 'result'; id: number; result?: CheckpointResult; error?: string } | { type: 'failed'; message: string };

/**
 * The worker's whole program. It runs from this function's source text (a bundled server has no
 * file of its own to give a worker), so it uses nothing from outside the function: what it needs
 * arrives in `workerData`.
 */
function checkpointLoop(): void {
	// An eval'd worker runs as a CommonJS script with `require` on globalThis; read as a property,
	// so that bundlers leave it alone.
	const load = (globalThis as unknown as { require: NodeJS.Require }).require;
	const { parentPort, workerData } = load('node:worker_threads') as typeof import('node:worker_threads');
	const Database = load(workerData.driver) as typeof import('better-sqlite3');
	if (!parentPort) return;
	const port = parentPort;
	const db = new Database(workerData.file, { fileMustExist: true });
	// A checkpoint reads WAL frames and writes pages: it needs no cache of its own.
	db.pragma('cache_size = -64');
	const checkpoint = () => (db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[])[0] as CheckpointResult;
	let last = '0/0';
	const timer = setInterval(() => {
		try {
			const { log, checkpointed } = checkpoint();
			// The same figures as last time: nothing was written since.
			const now = `${log}/${checkpointed}`;
			if (checkpointed > 0 && now !== last) port.postMessage({ type: 'checkpointed' });
			last = now;
		} catch (error) {
			port.postMessage({ type: 'failed', message: (error as Error).message });
		}
	}, workerData.everyMs as number);
	port.on('message', (message: { type: 'now'; id: number } | { type: 'stop' }) => {
		if (message.type === 'stop') {
			clearInterval(timer);
			db.close();
			port.close();
			return;
		}
		try {
			port.postMessage({ type: 'result', id: message.id, result: checkpoint() });
		} catch (error) {
			port.postMessage({ type: 'result', id: message.id, error: (error as Error).message });
		}
	});
	port.postMessage({ type: 'ready' });
}

/**
 * Checkpoints the embedded store's WAL from a worker thread, on a connection of its own, every
 * `everyMs`. By default SQLite checkpoints inside whichever commit takes the WAL past 1,000 pages:
 * on the sync server's connection that commit then holds the event loop for milliseconds (two
 * fsyncs and hundreds of page writes; 6–7 ms against 0.17 ms for a usual commit, measured in the
 * many-rooms bench) while every socket waits. The worker's PASSIVE checkpoints never block a
 * writer, so the main connection's own checkpoints are turned off while the worker runs, and
 * turned back on if it fails or stops. Null on PostgreSQL and for an in-memory store (no WAL).
 */
export async function startCheckpointer(db: Db, options: { log: Logger; everyMs?: number }): Promise<Checkpointer | null> {
	const connection = sqliteConnection(db);
	if (!connection || connection.memory) return null;
	const worker = new Worker(`(${checkpointLoop.toString()})()`, {
		eval: true,
		workerData: { file: connection.name, driver: createRequire(import.meta.url).resolve('better-sqlite3'), everyMs: options.everyMs ?? 1000 },
		resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 }
	});
	// Never what keeps the process alive: the server stops it before closing the store.
	worker.unref();
	let stopping = false;
	let failed = false;
	let checkpoints = 0;
	let nextId = 0;
	const waiting = new Map<number, { resolve(result: CheckpointResult): void; reject(error: Error): void }>();
	const selfCheckpointing = () => connection.open && connection.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
	const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
	const ready = new Promise<boolean>((resolve) => {
		worker.on('message', (message: FromWorker) => {
			if (message.type === 'ready') resolve(true);
			else if (message.type === 'checkpointed') checkpoints++;
			else if (message.type === 'failed') options.log.error(`store: a WAL checkpoint failed: ${message.message}`);
			else {
				const caller = waiting.get(message.id);
				waiting.delete(message.id);
				if (message.result) caller?.resolve(message.result);
				else caller?.reject(new Error(`WAL checkpoint failed: ${message.error}`));
			}
		});
		worker.once('error', (error) => {
			failed = true;
			options.log.error('store: the WAL checkpoint worker failed; the store checkpoints by itself again', error);
			resolve(false);
		});
		worker.once('exit', (code) => {
			resolve(false);
			selfCheckpointing();
			for (const caller of waiting.values()) caller.reject(new Error('the WAL checkpoint worker has stopped'));
			waiting.clear();
			if (!stopping && !failed) options.log.error(`store: the WAL checkpoint worker stopped (exit code ${code}); the store checkpoints by itself again`);
		});
	});
	if (!(await ready)) return null;
	connection.pragma('wal_autocheckpoint = 0');
	options.log.info('store: WAL checkpoints run in a background thread');
	return {
		get checkpoints() {
			return checkpoints;
		},
		now() {
			const id = nextId++;
			return new Promise((resolve, reject) => {
				waiting.set(id, { resolve, reject });
				worker.postMessage({ type: 'now', id });
			});
		},
		async stop() {
			stopping = true;
			worker.postMessage({ type: 'stop' });
			await ended;
		}
	};
}
