/**
 * `npm start`: one process serves the web app, the API and (later) websocket sync on one port.
 * Exit codes: 0 clean stop, 1 failed start, 78 bad configuration (EX_CONFIG).
 */
import { ConfigError, loadConfig } from './config/index.ts';
import { createLogger } from './log.ts';
import { startCuadra, StartupError, type RunningCuadra } from './app.ts';
import { StoreError } from './db/index.ts';
import { formatCredentials } from './seed/print.ts';

async function main(): Promise<void> {
	let config;
	try {
		config = loadConfig();
	} catch (error) {
		if (error instanceof ConfigError) {
			console.error(`[cuadra] ${error.message}\nSee the configuration table in README.md.`);
			process.exit(78);
		}
		throw error;
	}
	const log = createLogger(config.log);
	// Signal handlers go in before anything is announced, so a SIGTERM that follows the
	// "serving" line at once still gets a clean shutdown.
	let starting: Promise<RunningCuadra> | undefined;
	let signals = 0;
	const shutdown = (signal: string) => {
		if (++signals > 1) process.exit(1);
		log.info(`${signal} received: finishing open requests, then stopping.`);
		if (!starting) process.exit(0);
		starting.then(
			(running) => running.stop(),
			() => undefined
		).then(
			() => process.exit(0),
			(error: unknown) => {
				log.error('Shutdown failed', error);
				process.exit(1);
			}
		);
	};
	process.on('SIGTERM', () => shutdown('SIGTERM'));
	process.on('SIGINT', () => shutdown('SIGINT'));
	try {
		starting = startCuadra(config, log);
		const running = await starting;
		if (running.seeded) console.log(formatCredentials(running.seeded));
		log.info(`Cuadra is serving ${config.publicUrl} (listening on ${config.host}:${running.port}, ${config.env}, store: ${config.database.kind})`);
	} catch (error) {
		if (error instanceof StartupError || error instanceof StoreError) {
			log.error(error.message);
			process.exit(1);
		}
		throw error;
	}
}

await main();
