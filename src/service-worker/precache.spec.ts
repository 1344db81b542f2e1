import { describe, expect, it } from 'vitest';
import { precacheEntries } from './precache.ts';

describe('precacheEntries', () => {
	it('keeps hashed build files without revision and versions the rest', () => {
		const entries = precacheEntries(
			['/_app/immutable/entry/start.abc.js', '/_app/immutable/assets/font.x1.woff2', '/_app/immutable/assets/font.x1.woff'],
			['/manifest.webmanifest', '/icons/icon-192.png', '/screenshots/home-narrow.png'],
			['/', '/settings'],
			'v42'
		);
		expect(entries).toEqual([
			{ url: '/_app/immutable/entry/start.abc.js', revision: null },
			{ url: '/_app/immutable/assets/font.x1.woff2', revision: null },
			{ url: '/manifest.webmanifest', revision: 'v42' },
			{ url: '/icons/icon-192.png', revision: 'v42' },
			{ url: '/', revision: 'v42' },
			{ url: '/settings', revision: 'v42' }
		]);
	});

	it('leaves the console out: its pages and the built files only it uses', () => {
		const entries = precacheEntries(
			['/_app/immutable/entry/start.abc.js', '/_app/immutable/nodes/7.ops.js', '/_app/immutable/chunks/shared.js'],
			['/manifest.webmanifest'],
			['/', '/ops', '/ops/sign-in', '/ops/password', '/opsx', '/reports/new'],
			'v42',
			['/_app/immutable/nodes/7.ops.js']
		);
		expect(entries.map((e) => e.url)).toEqual(['/_app/immutable/entry/start.abc.js', '/_app/immutable/chunks/shared.js', '/manifest.webmanifest', '/', '/opsx', '/reports/new']);
	});
});
