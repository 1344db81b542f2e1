import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadStoreConfig } from './index.ts';

function problems(env: Record<string, string>): string[] {
	try {
		loadConfig(env);
	} catch (error) {
		if (error instanceof ConfigError) return error.problems;
		throw error;
	}
	throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
	it('gives every setting a working default in development', () => {
		const config = loadConfig({});
		expect(config.port).toBe(3000);
		expect(config.host).toBe('127.0.0.1');
		expect(config.database.kind).toBe('sqlite');
		expect(config.dataDir.endsWith('/data')).toBe(true);
		expect(config.seed).toBe('demo');
		expect(config.publicUrl).toBe('http://localhost:3000');
		expect(config.tiles.url).toBe('');
	});

	it('names the variable, the problem and the bad value', () => {
		expect(problems({ PORT: 'eighty' })).toEqual([expect.stringMatching(/^PORT .*number.*\(got "eighty"\)$/)]);
		expect(problems({ PORT: '70000' })[0]).toMatch(/^PORT /);
		expect(problems({ CUADRA_TILE_URL: 'https://tiles.example/{z}.png' })[0]).toMatch(/^CUADRA_TILE_URL must be empty or a URL template containing \{z\}, \{x\} and \{y\}/);
		expect(problems({ CUADRA_PUBLIC_URL: 'ftp://x' })[0]).toMatch(/^CUADRA_PUBLIC_URL /);
	});

	it('reports every problem at once', () => {
		expect(problems({ PORT: '-1', CUADRA_DATABASE: 'mysql' })).toHaveLength(2);
	});

	it('needs DATABASE_URL for PostgreSQL', () => {
		expect(problems({ CUADRA_DATABASE: 'postgres' })).toEqual(['DATABASE_URL is required when CUADRA_DATABASE=postgres']);
		const config = loadConfig({ CUADRA_DATABASE: 'postgres', DATABASE_URL: 'postgres://u@localhost/cuadra' });
		expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@localhost/cuadra' });
	});

	it('in production seeds nothing, has no default secret and refuses demo data', () => {
		expect(problems({ NODE_ENV: 'production' })[0]).toMatch(/^CUADRA_SECRET is required in production/);
		const secret = 'x'.repeat(32);
		expect(loadConfig({ NODE_ENV: 'production', CUADRA_SECRET: secret }).seed).toBe('none');
		expect(problems({ NODE_ENV: 'production', CUADRA_SECRET: secret, CUADRA_SEED: 'demo' })[0]).toMatch(/^CUADRA_SEED demo data is never seeded in production/);
	});

	it('treats an empty variable as unset, except the tile URL where empty means "no tiles"', () => {
		expect(loadConfig({ PORT: '' }).port).toBe(3000);
		expect(loadConfig({ CUADRA_TILE_URL: '' }).tiles.url).toBe('');
		expect(loadConfig({ CUADRA_TILE_URL: '/tiles/{z}/{x}/{y}.png' }).tiles.url).toBe('/tiles/{z}/{x}/{y}.png');
	});

	it('reads the store for tools like the server does, from the store variables alone', () => {
		const production = { NODE_ENV: 'production', PORT: 'not-a-port', CUADRA_DATA_DIR: '/srv/cuadra' };
		expect(loadStoreConfig(production)).toEqual({ kind: 'sqlite', file: '/srv/cuadra/cuadra.sqlite', cacheKiB: 2000 });
		expect(loadStoreConfig({ ...production, CUADRA_SQLITE_CACHE_KIB: '2048' })).toEqual({ kind: 'sqlite', file: '/srv/cuadra/cuadra.sqlite', cacheKiB: 2048 });
		expect(() => loadStoreConfig({ CUADRA_SQLITE_CACHE_KIB: '10' })).toThrow(/CUADRA_SQLITE_CACHE_KIB/);
		expect(loadStoreConfig({ CUADRA_DATABASE: 'postgres', DATABASE_URL: 'postgres://u@db/cuadra' })).toEqual({ kind: 'postgres', url: 'postgres://u@db/cuadra' });
		expect(() => loadStoreConfig({ CUADRA_DATABASE: 'postgres' })).toThrow(/DATABASE_URL is required/);
	});
});
