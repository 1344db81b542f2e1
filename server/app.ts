import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from './config/index.ts';
import { startCheckpoints } from './db/checkpointer.ts';
import { migrate, openDatabase, type Db } from './db/index.ts';
import { coreEndpoints, createApi } from './http/api.ts';
import { MemoryRateLimitStore } from './http/rate-limit.ts';
import { createHttpServer } from './http/server.ts';
import { createAuth } from './auth/identity.ts';
import { authEndpoints } from './auth/routes.ts';
import { createSyncServer } from './sync/server.ts';
import { accountEndpoints } from './account/routes.ts';
import { staffEndpoints } from './staff/routes.ts';
import { municipalityEndpoints } from './municipalities/routes.ts';
import { auditEndpoints } from './audit/routes.ts';
import { InProcessBus } from './events/bus.ts';
import type { CuadraEvents } from './events/cuadra.ts';
import { startPanicRetention } from './emergency/retention.ts';
import { emergencyEndpoints } from './emergency/routes.ts';
import { reportEndpoints } from './reports/routes.ts';
import { createFeedPublisher } from './reports/feed-doc.ts';
import { reportKinds } from './reports/kinds/index.ts';
import { startReportRetention } from './reports/retention.ts';
import { createChatRetention } from './reports/chat-retention.ts';
import { startSyncRetention } from './sync/retention.ts';
import { syncStoreOf } from './sync/store/index.ts';
import { incidentEndpoints } from './ops/incident-routes.ts';
import { subscribeLifecycle } from './ops/listeners.ts';
import { subscribeModeration } from './moderation/listeners.ts';
import { startModerationRetention } from './moderation/retention.ts';
import { moderationEndpoints } from './moderation/routes.ts';
import { PostingLimitGate, withPostingLimits } from './moderation/posting-limits.ts';
import { createConsoleStreams } from './ops/console-stream.ts';
import { opsPresenceKind } from './ops/presence-kind.ts';
import { opsQueueEndpoints } from './ops/queue-routes.ts';
import { municipalityFacts } from './reports/kinds/feed.ts';
import type { Logger } from './log.ts';
import { seedDemo, type SeededCredential } from './seed/demo.ts';

export class StartupError extends Error {
	override name = 'StartupError';
}

export interface RunningCuadra {
	url: string;
	port: number;
	db: Db;
	seeded: SeededCredential[] | null;
	stop(): Promise<void>;
}

type AppMiddleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

async function loadAppHandler(appDir: string): Promise<AppMiddleware> {
	const file = join(appDir, 'handler.js');
	if (!existsSync(file)) {
		throw new StartupError(
			`The web app is not built: ${file} is missing. Run \`npm run build\` first, or set CUADRA_APP_DIR to the build directory.`
		);
	}
	const module = (await import(pathToFileURL(file).href)) as { handler: AppMiddleware };
	return module.handler;
}

/** Opens the store, migrates, seeds if asked, and serves app, API and sync on one port. */
export async function startCuadra(config: Config, log: Logger): Promise<RunningCuadra> {
	const app = await loadAppHandler(config.appDir);
	const opened = await openDatabase(config.database);
	const { db } = opened;
	try {
		const applied = await migrate(db);
		if (applied.length) log.info(`Applied migrations: ${applied.join(', ')}`);
	} catch (error) {
		await db.destroy();
		throw error;
	}
	const seeded = config.seed === 'demo' ? await seedDemo(db) : null;
	// Small WAL checkpoints each second, rather than a long one inside whichever commit crosses SQLite's threshold.
	const checkpoints = startCheckpoints(opened.sqlite, { log });
	const syncStore = syncStoreOf(opened);

	const apiContext = { config, db };
	// Events after commit (server/events/): one process, so the bus is in memory.
	const events = new InProcessBus<CuadraEvents>((name, error) => log.error(`a listener of ${name} failed`, error));
	const auth = createAuth(db, events);
	const sync = createSyncServer({ config, store: syncStore, log, auth });
	// The server writes report:<id> meta and feed:<m> after accepting and deciding; fills them from the store when first opened.
	const feeds = createFeedPublisher({ db, write: sync.writeAsServer, log, staleAfterHours: config.reportStaleHours });
	// Posting limits (issue 16): the sync server refuses a limited resident's writes in every thread of the municipality.
	const postingLimits = new PostingLimitGate();
	await postingLimits.load(db);
	events.subscribe('moderation.limited', (change) => postingLimits.apply(change));
	for (const kind of reportKinds({ db, feeds })) sync.register(kind.roots.messages ? withPostingLimits(kind, postingLimits) : kind);
	// The console's presence (ops:<municipality>): its staff only, who see each other's names there.
	sync.register({ ...opsPresenceKind, storedFacts: (id) => municipalityFacts(db, id) });
	events.subscribe('report.accepted', ({ report }) => feeds.reportAccepted(report));
	// Its reporter may write in the incident's thread at once, even while that thread is loaded.
	events.subscribe('report.accepted', ({ report }) => sync.refreshFacts(`incident:${report.incidentId}`));
	events.subscribe('incident.changed', ({ incidentId }) => feeds.incidentChanged(incidentId));
	// The incident's lifecycle (issue 15): its thread's public timeline, its facts, the automatic first answer.
	subscribeLifecycle({ db, events, write: sync.writeAsServer, refreshFacts: sync.refreshFacts, log });
	// Moderation (issue 16): a hidden or restored message's thread follows the decision.
	subscribeModeration({ db, events, write: sync.writeAsServer, compact: sync.compact, reportModerated: feeds.reportModerated, log });
	const emergency = emergencyEndpoints(apiContext, { events });
	// The operators' consoles' live queue: incidents and panic alerts as they change, per municipality.
	const consoles = createConsoleStreams({ db, events, log });
	const endpoints = [
		...coreEndpoints(apiContext),
		...authEndpoints({ config, db, auth, events }),
		...reportEndpoints(apiContext, { events, staleAfterHours: config.reportStaleHours }),
		...emergency.endpoints,
		...accountEndpoints({ config, db, log, events, docs: sync.docs }),
		...staffEndpoints({ db, log, events }),
		...municipalityEndpoints({ db }),
		...auditEndpoints({ db, docs: sync.docs }),
		...incidentEndpoints(apiContext, { events, writeAsServer: sync.writeAsServer }),
		...opsQueueEndpoints(apiContext, { events, streams: consoles }),
		...moderationEndpoints({ db, docs: sync.docs, events }),
		...sync.routes
	];
	// Rate-limit buckets are in memory: one process serves everything (a Redis store would share them).
	const layer = { publicUrl: config.publicUrl, trustedProxies: config.trustedProxies, principalOf: auth.principalOf, limits: new MemoryRateLimitStore() };
	const server = createHttpServer({ api: createApi(layer, endpoints), app, sync: sync.upgrade, log });
	await new Promise<void>((resolve, reject) => {
		const onError = (error: NodeJS.ErrnoException) => {
			if (error.code === 'EADDRINUSE') {
				reject(new StartupError(`Port ${config.port} on ${config.host} is already in use. Stop the other program or start Cuadra with another PORT, e.g. PORT=3001.`));
			} else if (error.code === 'EACCES') {
				reject(new StartupError(`Not allowed to listen on port ${config.port}. Use a port above 1023, e.g. PORT=3000.`));
			} else {
				reject(error);
			}
		};
		server.once('error', onError);
		server.listen(config.port, config.host, () => {
			server.off('error', onError);
			resolve();
		});
	}).catch(async (error: unknown) => {
		checkpoints?.stop();
		await db.destroy();
		throw error;
	});
	const port = (server.address() as AddressInfo).port;
	const stopPanicRetention = startPanicRetention(db, config.panicRetentionDays, log);
	const stopModerationRetention = startModerationRetention(db, config.moderationRetentionDays, log);
	const stopReportRetention = startReportRetention(db, log, { chat: createChatRetention({ db, docs: sync.docs, write: sync.writeAsServer, afterClosedDays: config.chatRetentionDays }) });
	const stopFeedRetention = feeds.startRetention();
	const stopSyncRetention = startSyncRetention(syncStore, config.syncRetention, log);

	let stopping: Promise<void> | undefined;
	const stop = () =>
		(stopping ??= (async () => {
			await sync.close();
			auth.close();
			stopPanicRetention();
			stopModerationRetention();
			stopReportRetention();
			stopFeedRetention();
			stopSyncRetention();
			emergency.close();
			consoles.close();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeIdleConnections();
				// Requests still running after 10 s are cut rather than holding the shutdown forever.
				setTimeout(() => server.closeAllConnections(), 10_000).unref();
			});
			checkpoints?.stop();
			await db.destroy();
		})());

	return { url: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`, port, db, seeded, stop };
}
