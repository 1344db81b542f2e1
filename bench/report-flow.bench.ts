/**
 * Time to report: can a practised resident get through the whole report flow in under 30 seconds?
 * (issue 4, "Flow"). Drives the real flow in Chromium against the production server, with a phone's
 * viewport and touch: open the app → "Report" → category → location → a 40-character description →
 * (a photo) → send → "saved on the phone" (and, online, "received"). For each path it measures the
 * app's own time per step (from the tap or key to the next screen being ready, summed), counts the
 * taps, keystrokes and decisions, and estimates the human's time with the Keystroke-Level Model.
 *
 * KLM operators (Card, Moran & Newell, "The keystroke-level model for user performance time with
 * interactive systems", Communications of the ACM 23(7), 1980):
 *   P = 1.10 s  pointing at a target; on a touch screen a tap is one P (finger moves and touches);
 *               a drag is two P (touch the pin, move it to the spot)
 *   K = 0.28 s  per character, "average non-secretary typist" (40 wpm). On phones people type at a
 *               mean of 36 wpm (Palin et al., "How do people type on mobile devices?", MobileHCI
 *               2019), ≈ 0.33 s per character: the table also gives that figure.
 *   M = 1.35 s  mental preparation, once per decision (what happened, where, what to write, send).
 * The camera is modelled as one decision (frame the shot) and two taps (shutter, "use photo").
 * GPS comes from Chromium's geolocation override: a real phone's first fix adds its own time.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, waitForServiceWorker } from '../tests/support/browser.ts';
import { metroPedroDeValdivia } from '../tests/support/residents.ts';
import { removeDir, root, startServer, type TestServer } from '../tests/support/server.ts';
import { setPractice } from '../tests/support/practice.ts';

export const title = 'Time to report: a practised resident, phone viewport, Chromium (production build)';

export const KLM = { tap: 1.1, keystroke: 0.28, keystrokePhone: 0.33, mental: 1.35 } as const;
const TARGET_S = 30;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DESCRIPTION = 'Poste apagado frente al N° 2124, oscuro.'; // 40 characters
const PLACE = 'Av. Providencia 2124'; // 20 characters
const phone = { viewport: { width: 393, height: 851 }, deviceScaleFactor: 2.75, isMobile: true, hasTouch: true } as const;

type Path = 'gps' | 'pin' | 'typed';
interface Run {
	appMs: number;
	taps: number;
	keys: number;
	decisions: number;
	steps: Record<string, number>;
	/** Whether the send button was on screen when the resident was ready to send (no scrolling). */
	sendVisible: boolean;
	/** From the tap on send until the report shows "received" (online, server on loopback). */
	receivedMs: number;
}

/** Milliseconds from `action` until `ready` resolves: the app's own time for one step. */
async function step(steps: Record<string, number>, name: string, action: () => Promise<unknown>, ready: () => Promise<unknown>): Promise<void> {
	const started = performance.now();
	await action();
	await ready();
	steps[name] = (steps[name] ?? 0) + (performance.now() - started);
}

const visible = (locator: Locator) => locator.waitFor({ state: 'visible', timeout: 30_000 });

async function inViewport(page: Page, locator: Locator): Promise<boolean> {
	const box = await locator.boundingBox();
	const height = page.viewportSize()?.height ?? 0;
	return !!box && box.y >= 0 && box.y + box.height <= height;
}

/** A camera-sized JPEG (3000×2000) made by the browser itself: the photo the resident takes. */
async function cameraJpeg(page: Page): Promise<Buffer> {
	const bytes = await page.evaluate(async () => {
		const canvas = document.createElement('canvas');
		canvas.width = 3000;
		canvas.height = 2000;
		const context = canvas.getContext('2d') as CanvasRenderingContext2D;
		for (let i = 0; i < 60; i++) {
			context.fillStyle = `hsl(${i * 6} 50% 50%)`;
			context.fillRect((i % 10) * 300, Math.floor(i / 10) * 333, 300, 333);
		}
		const blob = await new Promise<Blob>((done) => canvas.toBlob((b) => done(b as Blob), 'image/jpeg', 0.9));
		return [...new Uint8Array(await blob.arrayBuffer())];
	});
	return Buffer.from(bytes);
}

/**
 * One report the way a practised resident makes it. Counts what the human does: taps (P),
 * characters typed (K), decisions (M).
 */
async function report(page: Page, path: Path, photo: Buffer | null, url: string): Promise<Run> {
	const steps: Record<string, number> = {};
	let taps = 0;
	let keys = 0;
	let decisions = 0;
	const tap = async (locator: Locator) => {
		taps++;
		await locator.tap();
	};

	// Open the app from the home screen (installed: the service worker serves it).
	decisions++; // "I'll report this"
	taps++; // the home-screen icon
	await step(steps, 'open the app', () => page.goto(url), () => visible(page.getByRole('link', { name: 'Report', exact: true })));
	await step(steps, '"Report"', () => tap(page.getByRole('link', { name: 'Report', exact: true })), () => visible(page.getByRole('heading', { name: 'What is happening?' })));

	decisions++; // which category
	await step(
		steps,
		'category',
		() => tap(page.getByRole('button', { name: 'Streetlight out', exact: true })),
		async () => {
			await visible(page.getByRole('heading', { name: 'Where is it?' }));
			await visible(page.locator('.leaflet-container'));
		}
	);

	const gpsFound = () => visible(page.getByTestId('gps-status').getByText(/Located to within about/));
	decisions++; // is this the place? / where is it?
	if (path === 'gps' || path === 'pin') {
		// Location is read as the step opens when the resident has allowed it; otherwise one tap.
		const auto = await page
			.getByTestId('gps-status')
			.getByText(/Located to within about|Finding/)
			.isVisible();
		if (auto) await step(steps, 'GPS fix', async () => undefined, gpsFound);
		else await step(steps, 'GPS fix', () => tap(page.getByRole('button', { name: 'Use my location' })), gpsFound);
		await visible(page.locator('.cuadra-pin'));
	}
	if (path === 'pin') {
		// Drag the pin 60 px north-east, to the exact spot: touch it, move it (two P).
		const pin = page.locator('.cuadra-pin');
		const box = await pin.boundingBox();
		if (!box) throw new Error('no pin');
		taps += 2;
		await step(
			steps,
			'drag the pin',
			async () => {
				await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
				await page.mouse.down();
				await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 - 60, { steps: 8 });
				await page.mouse.up();
			},
			// Leaflet handles the drop within a frame or two; the report's source is checked after sending.
			() => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
		);
	}
	if (path === 'typed') {
		await step(steps, '"in words"', () => tap(page.getByRole('button', { name: 'Describe the place in words instead' })), () => visible(page.getByLabel('Address or landmark')));
		const place = page.getByLabel('Address or landmark');
		if (!(await place.evaluate((el) => el === document.activeElement))) await tap(place);
		keys += PLACE.length;
		await step(steps, 'type the place', () => page.keyboard.type(PLACE), () => page.waitForFunction((v) => (document.querySelector('#place') as HTMLInputElement | null)?.value === v, PLACE));
	}
	const toDetails = () => visible(page.getByLabel('Short description (optional)'));
	if (path === 'typed') {
		// The keyboard is up: its "next" key goes on (one keystroke, no reach for the button).
		keys++;
		await step(steps, '"next" key', () => page.keyboard.press('Enter'), toDetails);
	} else await step(steps, '"Next"', () => tap(page.getByRole('button', { name: 'Next' })), toDetails);

	decisions++; // what to write
	const description = page.getByLabel('Short description (optional)');
	if (!(await description.evaluate((el) => el === document.activeElement))) await tap(description);
	keys += DESCRIPTION.length;
	await step(steps, 'type the description', () => page.keyboard.type(DESCRIPTION), () => page.waitForFunction((v) => (document.querySelector('#description') as HTMLTextAreaElement | null)?.value === v, DESCRIPTION));

	if (photo) {
		// "Add photos", then the phone's camera: frame the shot (M), shutter and "use photo" (2 P).
		taps += 3;
		decisions++;
		await step(
			steps,
			'photo (resize, strip EXIF)',
			() => page.getByLabel('Add photos (optional)').setInputFiles({ name: 'camera.jpg', mimeType: 'image/jpeg', buffer: photo }),
			() => visible(page.getByTestId('photo-count').getByText('Photos added: 1'))
		);
	}

	decisions++; // send it
	const send = page.getByRole('button', { name: 'Send report' });
	const sendVisible = await inViewport(page, send);
	if (!sendVisible) taps++; // a swipe to bring it into view
	const sentAt = performance.now();
	await step(
		steps,
		'send → saved on the phone',
		() => tap(send),
		() => visible(page.getByTestId('my-report').filter({ hasText: DESCRIPTION }).first())
	);
	await page.waitForFunction(
		(text) => Array.from(document.querySelectorAll('[data-testid="my-report"]')).some((el) => el.textContent?.includes(text) && el.getAttribute('data-state') === 'received'),
		DESCRIPTION,
		{ timeout: 60_000 }
	).catch(async (error: unknown) => {
		const states = await page.getByTestId('my-report').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-state')}: ${e.textContent?.slice(0, 80)}`));
		throw new Error(`the report was not received: ${states.join(' | ')}`, { cause: error });
	});
	const receivedMs = performance.now() - sentAt;
	// The path really was taken: the saved report's location says so.
	const location = await page.evaluate(
		() =>
			new Promise<{ kind: string; source?: string }>((done, fail) => {
				const open = indexedDB.open('cuadra-reports');
				open.onerror = () => fail(open.error);
				open.onsuccess = () => {
					const request = open.result.transaction('mine').objectStore('mine').getAll();
					request.onsuccess = () => {
						open.result.close();
						done((request.result as { input: { location: { kind: string; source?: string } } }[])[0]?.input.location ?? { kind: 'none' });
					};
				};
			})
	);
	const expected = { gps: 'point/gps', pin: 'point/map', typed: 'place/undefined' }[path];
	if (`${location.kind}/${location.source}` !== expected) throw new Error(`the ${path} path saved a ${location.kind}/${location.source} location`);
	const appMs = Object.values(steps).reduce((a, b) => a + b, 0);
	return { appMs, taps, keys, decisions, steps, sendVisible, receivedMs };
}

/** Removes this device's own reports so every run starts from the same home screen. */
async function clearMine(page: Page): Promise<void> {
	await page.evaluate(
		() =>
			new Promise<void>((done, fail) => {
				const open = indexedDB.open('cuadra-reports');
				open.onerror = () => fail(open.error);
				open.onsuccess = () => {
					const tx = open.result.transaction(['mine', 'photos'], 'readwrite');
					tx.objectStore('mine').clear();
					tx.objectStore('photos').clear();
					tx.oncomplete = () => {
						open.result.close();
						done();
					};
				};
			})
	);
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] as number;
};

async function resident(server: TestServer, context: BrowserContext): Promise<Page> {
	const page = await context.newPage();
	await page.goto(server.url);
	await page.getByLabel('Which municipality do you live in?').selectOption('providencia');
	await page.getByRole('button', { name: 'Show its reports' }).tap();
	await page.getByRole('heading', { name: 'Reports in Providencia' }).waitFor();
	await waitForServiceWorker(page);
	// The one-time "works offline now" notice, long dismissed by a practised resident.
	const offlineReady = page.getByTestId('offline-ready');
	await offlineReady.waitFor({ timeout: 10_000 }).then(
		() => offlineReady.getByRole('button').tap(),
		() => undefined
	);
	// A practised resident made a practice report once and then turned practice mode off.
	await page.getByRole('link', { name: 'Report', exact: true }).tap();
	await page.getByRole('button', { name: 'Streetlight out', exact: true }).tap();
	await page.getByRole('button', { name: 'Use my location' }).tap();
	await page.getByTestId('gps-status').getByText(/Located to within about/).waitFor();
	await page.getByRole('button', { name: 'Next' }).tap();
	await setPractice(page, false);
	await page.getByRole('button', { name: 'Send report' }).tap();
	await page.getByRole('heading', { name: 'My reports' }).waitFor();
	await clearMine(page);
	return page;
}

export default async function run(): Promise<Record<string, string | number>[]> {
	if (!existsSync(join(root, 'build/cuadra-server.js'))) throw new Error('No production build: run `npm run build` first.');
	const server = await startServer();
	const browser = await launchBrowser();
	try {
		const rows: Record<string, string | number>[] = [];
		const details: string[] = [];
		let photo: Buffer | null = null;
		for (const path of ['gps', 'pin', 'typed'] as const) {
			for (const withPhoto of [false, true]) {
				// A resident per path: each stays well under the server's 20 reports an hour per resident.
				const context = await browser.newContext({ locale: 'en', geolocation: metroPedroDeValdivia, permissions: ['geolocation'], ...phone });
				const page = await resident(server, context);
				photo ??= await cameraJpeg(page);
				const runs: Run[] = [];
				for (let i = 0; i < RUNS; i++) {
					runs.push(await report(page, path, withPhoto ? photo : null, server.url));
					await clearMine(page);
				}
				const last = runs.at(-1) as Run;
				const appS = median(runs.map((r) => r.appMs)) / 1000;
				const human = last.taps * KLM.tap + last.keys * KLM.keystroke + last.decisions * KLM.mental;
				const humanPhone = last.taps * KLM.tap + last.keys * KLM.keystrokePhone + last.decisions * KLM.mental;
				const total = human + appS;
				rows.push({
					path: `${path}${withPhoto ? ' + 1 photo' : ''}`,
					taps: last.taps,
					keystrokes: last.keys,
					decisions: last.decisions,
					'human s (KLM)': +human.toFixed(1),
					'app s (median)': +appS.toFixed(2),
					'total s': +total.toFixed(1),
					'total s at 36 wpm': +(humanPhone + appS).toFixed(1),
					'under 30 s': total < TARGET_S ? 'yes' : 'NO',
					'send on screen': last.sendVisible ? 'yes' : 'no',
					'send → received s': +(median(runs.map((r) => r.receivedMs)) / 1000).toFixed(2)
				});
				details.push(`${path}${withPhoto ? ' + photo' : ''}: ${Object.entries(last.steps).map(([k, v]) => `${k} ${Math.round(v)} ms`).join(', ')}`);
				await context.close();
			}
		}
		console.log(`KLM: tap P = ${KLM.tap} s, keystroke K = ${KLM.keystroke} s (${KLM.keystrokePhone} s at 36 wpm), decision M = ${KLM.mental} s; description ${DESCRIPTION.length} characters, place ${PLACE.length}; app time per step (last run):`);
		for (const line of details) console.log(`  ${line}`);
		return rows;
	} finally {
		await browser.close();
		await server.stop();
		removeDir(server.dataDir);
	}
}
