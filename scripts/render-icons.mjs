// Renders the PNG icons and install screenshots in static/ with Debian's Chromium.
// Run after changing icons/*.svg or the home screen: node scripts/render-icons.mjs [appUrl]
// (screenshots need the built app running at appUrl, default http://127.0.0.1:3000, with the demo
// municipalities: `npm run demo`). It records what the screenshots were rendered from in
// static/screenshots/rendered-from.json; scripts/screenshots.spec.ts fails when those files change
// without the screenshots being rendered again.
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { screenshotInputs, hashInputs } from './screenshot-inputs.mjs';

const appUrl = process.argv[2] ?? 'http://127.0.0.1:3000';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
	for (const [svg, png, size] of [
		['icon.svg', 'icon-192.png', 192],
		['icon.svg', 'icon-512.png', 512],
		['maskable.svg', 'maskable-512.png', 512]
	]) {
		const page = await browser.newPage({ viewport: { width: size, height: size } });
		const markup = readFileSync(`static/icons/${svg}`, 'utf8');
		await page.setContent(`<style>html,body{margin:0;background:transparent}svg{width:${size}px;height:${size}px;display:block}</style>${markup}`);
		await page.screenshot({ path: `static/icons/${png}`, omitBackground: true });
		await page.close();
	}
	if (process.argv[2] !== 'icons-only') {
		for (const [name, width, height] of [['home-narrow.png', 360, 640], ['home-wide.png', 1280, 720]]) {
			const scale = name.includes('narrow') ? 2 : 1;
			// The home screen as a resident of Providencia sees it, without the one-off notices.
			const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, locale: 'es-CL', serviceWorkers: 'block' });
			const page = await context.newPage();
			await page.goto(appUrl);
			await page.locator('#home-municipality').selectOption('providencia');
			await page.getByRole('button', { name: 'Ver sus reportes' }).click();
			await page.getByRole('heading', { name: /Providencia/ }).first().waitFor();
			await page.waitForTimeout(1500);
			await page.evaluate(() => window.scrollTo(0, 0));
			await page.screenshot({ path: `static/screenshots/${name}` });
			await context.close();
		}
		writeFileSync('static/screenshots/rendered-from.json', JSON.stringify(hashInputs(screenshotInputs), null, '\t') + '\n');
	}
} finally {
	await browser.close();
}
