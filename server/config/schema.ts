import { z } from 'zod';
import { parseTrustedProxies } from '../http/client-address.ts';
import { DEFAULT_SQLITE_CACHE_KIB } from '../db/index.ts';

/**
 * Every setting Cuadra reads from the environment, with its default.
 * README.md's configuration table is written from this list: keep them in step.
 */
export const envSchema = z
	.object({
		NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
		HOST: z.string().min(1).default('127.0.0.1'),
		PORT: z.coerce.number().int().min(0).max(65535).default(3000),
		CUADRA_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
		CUADRA_DATA_DIR: z.string().min(1).default('./data'),
		CUADRA_DATABASE: z.enum(['sqlite', 'postgres']).default('sqlite'),
		// SQLite's page cache in KiB (server/db/index.ts): memory against fewer reads from the file.
		CUADRA_SQLITE_CACHE_KIB: z.coerce.number().int().min(64).max(1024 * 1024).default(DEFAULT_SQLITE_CACHE_KIB),
		DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres://').optional(),
		CUADRA_SEED: z.enum(['none', 'demo']).optional(),
		CUADRA_TILE_URL: z
			.string()
			.refine((v) => v === '' || /^(https?:\/\/|\/)[^\s]*\{z\}[^\s]*\{x\}[^\s]*\{y\}/.test(v), {
				message: 'must be empty or a URL template containing {z}, {x} and {y}'
			})
			.default(''),
		CUADRA_TILE_ATTRIBUTION: z.string().max(300).default(''),
		CUADRA_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
		CUADRA_APP_DIR: z.string().min(1).default('./build'),
		// Days after which the location of a panic alert is deleted from the server (issue 5).
		CUADRA_PANIC_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
		/** Hours after which a report no operator closed shows "no update from the municipality". */
		CUADRA_REPORT_STALE_HOURS: z.coerce.number().int().min(1).max(8760).default(72),
		/** Days after an incident is closed when its chat messages are erased (at most 180 days after it opened). */
		CUADRA_CHAT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
		/** Days a hidden message's original is kept in the moderation record, for a review or a restore. */
		CUADRA_MODERATION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
		CUADRA_LOG: z.enum(['silent', 'error', 'info', 'debug']).default('info'),
		// Identity and sync (issue 3). See docs/sync-protocol.md.
		CUADRA_SESSION_TTL_SECONDS: z.coerce.number().int().min(1).default(30 * 24 * 3600),
		CUADRA_STAFF_SESSION_TTL_SECONDS: z.coerce.number().int().min(1).default(12 * 3600),
		CUADRA_SIGNIN_ATTEMPTS: z.coerce.number().int().min(1).default(5),
		CUADRA_REGISTRATIONS_PER_HOUR: z.coerce.number().int().min(1).default(30),
		CUADRA_SYNC_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
		CUADRA_SYNC_MAX_DOC_BYTES: z.coerce.number().int().min(1024).default(8 * 1024 * 1024),
		// The most one user may hold in a document, in percent of CUADRA_SYNC_MAX_DOC_BYTES (docs/sync-protocol.md §5).
		CUADRA_SYNC_USER_SHARE_PERCENT: z.coerce.number().int().min(1).max(100).default(10),
		CUADRA_SYNC_MESSAGES_PER_SECOND: z.coerce.number().min(1).default(20),
		CUADRA_SYNC_IDLE_SECONDS: z.coerce.number().int().min(1).default(60),
		CUADRA_SYNC_MAX_PENDING_UPGRADES: z.coerce.number().int().min(1).default(64),
		// A socket with more than this waiting to be sent is dropped as too slow (close code 4008).
		CUADRA_SYNC_SLOW_SOCKET_KIB: z.coerce.number().int().min(16).default(1024),
		// Retention of the sync audit log's accepted rows and of clientID bindings (docs/data-register.md).
		CUADRA_SYNC_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
		CUADRA_SYNC_BINDING_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
		// Reverse proxies whose X-Forwarded-For is believed, for rate limits (server/http/client-address.ts).
		CUADRA_TRUSTED_PROXIES: z
			.string()
			.default('')
			.superRefine((value, ctx) => {
				try {
					parseTrustedProxies(value);
				} catch (error) {
					ctx.addIssue({ code: 'custom', message: `must list IP addresses or CIDR ranges: ${(error as Error).message}` });
				}
			})
	})
	.superRefine((env, ctx) => {
		if (env.CUADRA_DATABASE === 'postgres' && !env.DATABASE_URL) {
			ctx.addIssue({
				code: 'custom',
				path: ['DATABASE_URL'],
				message: 'is required when CUADRA_DATABASE=postgres'
			});
		}
		if (env.NODE_ENV === 'production' && !env.CUADRA_SECRET) {
			ctx.addIssue({
				code: 'custom',
				path: ['CUADRA_SECRET'],
				message: 'is required in production (generate one with: openssl rand -hex 32)'
			});
		}
		if (env.NODE_ENV === 'production' && env.CUADRA_SEED === 'demo') {
			ctx.addIssue({
				code: 'custom',
				path: ['CUADRA_SEED'],
				message: 'demo data is never seeded in production; unset it or use NODE_ENV=development'
			});
		}
	});

export type Env = z.infer<typeof envSchema>;
