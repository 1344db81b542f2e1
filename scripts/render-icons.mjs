// Renders the PNG icons and install screenshots in static/ with Debian's Chromium.
// Run after changing icons/*.svg or the home screen: node scripts/render-icons.mjs [appUrl]
// (screenshots need a running Cuadra at appUrl, default http://127.0.0.1:3000).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

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
			const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: scale, locale: 'es-CL' });
			await page.goto(appUrl);
			await page.waitForSelector('main h1');
			await page.screenshot({ path: `static/screenshots/${name}` });
			await page.close();
		}
	}
} finally {
	await browser.close();
}
