import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { envSchema, type Env } from './schema.ts';
import { parseTrustedProxies } from '../http/client-address.ts';

export interface Config {
	env: Env['NODE_ENV'];
	host: string;
	port: number;
	publicUrl: string;
	dataDir: string;
	database: { kind: 'sqlite'; file: string; cacheKiB: number } | { kind: 'postgres'; url: string };
	seed: 'none' | 'demo';
	tiles: { url: string; attribution: string };
	secret: string;
	appDir: string;
	/** Days a panic alert's location is kept on the server. */
	panicRetentionDays: number;
	reportStaleHours: number;
	/** Days after an incident is closed when its chat messages are erased. */
	chatRetentionDays: number;
	/** Days a hidden message's original is kept in the moderation record. */
	moderationRetentionDays: number;
	log: Env['CUADRA_LOG'];
	auth: { residentTtlSeconds: number; staffTtlSeconds: number; signInAttempts: number; registrationsPerHour: number };
	sync: { maxMessageBytes: number; maxDocBytes: number; userSharePercent: number; messagesPerSecond: number; idleSeconds: number; maxPendingUpgrades: number; slowSocketBytes: number };
	/** How long accepted audit rows and clientID bindings of users without a session are kept. */
	syncRetention: { auditDays: number; bindingDays: number };
	/** Addresses and CIDRs of reverse proxies whose X-Forwarded-For is believed (rate limits). */
	trustedProxies: string[];
}

export class ConfigError extends Error {
	constructor(public readonly problems: string[]) {
		super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'ConfigError';
	}
}

/** Reads and validates the environment. Throws ConfigError naming each bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
	// An empty variable means "use the default", as in most shells' `VAR= cmd`.
	const cleaned = Object.fromEntries(
		Object.entries(source).filter(
			([key, value]) => key in envSchema.shape && (value !== '' || key === 'CUADRA_TILE_URL')
		)
	);
	const parsed = envSchema.safeParse(cleaned);
	if (!parsed.success) {
		throw new ConfigError(
			parsed.error.issues.map((issue) => {
				const name = String(issue.path[0] ?? 'environment');
				const value = source[name];
				const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
				return `${name} ${issue.message}${shown}`;
			})
		);
	}
	const e = parsed.data;
	const dataDir = resolve(e.CUADRA_DATA_DIR);
	return {
		env: e.NODE_ENV,
		host: e.HOST,
		port: e.PORT,
		publicUrl: e.CUADRA_PUBLIC_URL ?? `http://localhost:${e.PORT}`,
		dataDir,
		database:
			e.CUADRA_DATABASE === 'postgres'
				? { kind: 'postgres', url: e.DATABASE_URL as string }
				: { kind: 'sqlite', file: resolve(dataDir, 'cuadra.sqlite'), cacheKiB: e.CUADRA_SQLITE_CACHE_KIB },
		seed: e.CUADRA_SEED ?? (e.NODE_ENV === 'development' ? 'demo' : 'none'),
		tiles: { url: e.CUADRA_TILE_URL, attribution: e.CUADRA_TILE_ATTRIBUTION },
		// Outside production a throwaway secret is fine: sessions end when the server does.
		secret: e.CUADRA_SECRET ?? randomBytes(32).toString('hex'),
		appDir: resolve(e.CUADRA_APP_DIR),
		panicRetentionDays: e.CUADRA_PANIC_RETENTION_DAYS,
		reportStaleHours: e.CUADRA_REPORT_STALE_HOURS,
		chatRetentionDays: e.CUADRA_CHAT_RETENTION_DAYS,
		moderationRetentionDays: e.CUADRA_MODERATION_RETENTION_DAYS,
		log: e.CUADRA_LOG,
		auth: {
			residentTtlSeconds: e.CUADRA_SESSION_TTL_SECONDS,
			staffTtlSeconds: e.CUADRA_STAFF_SESSION_TTL_SECONDS,
			signInAttempts: e.CUADRA_SIGNIN_ATTEMPTS,
			registrationsPerHour: e.CUADRA_REGISTRATIONS_PER_HOUR
		},
		sync: {
			maxMessageBytes: e.CUADRA_SYNC_MAX_MESSAGE_BYTES,
			maxDocBytes: e.CUADRA_SYNC_MAX_DOC_BYTES,
			userSharePercent: e.CUADRA_SYNC_USER_SHARE_PERCENT,
			messagesPerSecond: e.CUADRA_SYNC_MESSAGES_PER_SECOND,
			idleSeconds: e.CUADRA_SYNC_IDLE_SECONDS,
			maxPendingUpgrades: e.CUADRA_SYNC_MAX_PENDING_UPGRADES,
			slowSocketBytes: e.CUADRA_SYNC_SLOW_SOCKET_KIB * 1024
		},
		syncRetention: { auditDays: e.CUADRA_SYNC_AUDIT_RETENTION_DAYS, bindingDays: e.CUADRA_SYNC_BINDING_RETENTION_DAYS },
		trustedProxies: parseTrustedProxies(e.CUADRA_TRUSTED_PROXIES)
	};
}

/** The variables that say where the store is; the server and `npm run staff` read them alike. */
const storeVariables = ['CUADRA_DATA_DIR', 'CUADRA_DATABASE', 'DATABASE_URL', 'CUADRA_SQLITE_CACHE_KIB'] as const;

/**
 * Where the store is, read exactly as `loadConfig` reads it but from the store's variables only:
 * for tools that open the store without serving (`npm run staff`), which need no secret or port.
 */
export function loadStoreConfig(source: Record<string, string | undefined> = process.env): Config['database'] {
	return loadConfig(Object.fromEntries(storeVariables.map((name) => [name, source[name]]))).database;
}
