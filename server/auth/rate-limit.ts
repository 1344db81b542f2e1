// The sync server (server/sync/server.ts) still imports the limiter from here; the one algorithm lives in server/http/rate-limit.ts.
export { RateLimiter } from '../http/rate-limit.ts';
