/**
 * First-load JavaScript of each page: what a phone downloads before the page works, measured in
 * Chromium against the production server (bytes on the wire, as the server compresses them).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { launchBrowser } from '../tests/support/browser.ts';
import { removeDir, root, startServer } from '../tests/support/server.ts';

export const title = 'First-load JavaScript per page (fresh browser, no service worker yet)';

function routes(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? routes(join(dir, e.name)) : e.name.endsWith('.html') ? [join(dir, e.name)] : []
	);
}

export default async function run(): Promise<Record<string, string | number>[]> {
	const prerendered = join(root, 'build/prerendered');
	if (!existsSync(prerendered)) throw new Error('No production build: run `npm run build` first.');
	const paths = routes(prerendered).map((f) => '/' + relative(prerendered, f).replace(/\.html$/, '').replace(/^index$/, ''));
	const server = await startServer();
	const browser = await launchBrowser();
	try {
		const rows = [];
		for (const path of paths.sort()) {
			const context = await browser.newContext({ serviceWorkers: 'block' });
			const page = await context.newPage();
			const scripts: Promise<{ encoded: number; decoded: number }>[] = [];
			page.on('requestfinished', (request) => {
				if (request.resourceType() !== 'script') return;
				scripts.push(
					request.sizes().then(async (s) => ({
						encoded: s.responseBodySize,
						decoded: (await (await request.response())?.body())?.length ?? 0
					}))
				);
			});
			await page.goto(server.url + path, { waitUntil: 'networkidle' });
			const sizes = await Promise.all(scripts);
			rows.push({
				page: path,
				scripts: sizes.length,
				'KiB on the wire': +(sizes.reduce((a, s) => a + s.encoded, 0) / 1024).toFixed(1),
				'KiB uncompressed': +(sizes.reduce((a, s) => a + s.decoded, 0) / 1024).toFixed(1)
			});
			await context.close();
		}
		return rows;
	} finally {
		await browser.close();
		await server.stop();
		removeDir(server.dataDir);
	}
}
