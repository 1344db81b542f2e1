import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser } from '../support/browser.ts';
import { removeDir, startServer, type TestServer } from '../support/server.ts';
import { metroPedroDeValdivia, openResident } from '../support/residents.ts';
import { decide, staffCookie } from '../integration/reports-support.ts';
import { setPractice } from '../support/practice.ts';

const plazaDeArmas = { latitude: -33.4378, longitude: -70.6506 };

let browser: Browser;
let server: TestServer;
let a: BrowserContext;
let b: BrowserContext;
let pageA: Page;
let pageB: Page;

function resident(): Promise<{ context: BrowserContext; page: Page }> {
	return openResident(browser, server.url);
}

/** Goes through the whole flow: category, GPS location, description, optional photo, send. */
async function makeReport(page: Page, options: { category: string; description: string; practice: boolean; photo?: Buffer }) {
	await page.getByRole('link', { name: 'Report', exact: true }).press('Enter');
	await page.getByRole('heading', { name: 'What is happening?' }).waitFor();
	await page.getByRole('button', { name: options.category, exact: true }).press('Enter');
	await page.getByRole('heading', { name: 'Where is it?' }).waitFor();
	await page.getByRole('button', { name: 'Use my location' }).press('Enter');
	await page.getByTestId('gps-status').getByText(/Located to within about/).waitFor();
	await page.getByRole('button', { name: 'Next' }).press('Enter');
	await page.getByLabel('Short description (optional)').fill(options.description);
	if (options.photo) {
		await page.getByLabel('Add photos (optional)').setInputFiles({ name: 'camera.jpg', mimeType: 'image/jpeg', buffer: options.photo });
		await page.getByTestId('photo-count').getByText('Photos added: 1').waitFor();
	}
	await setPractice(page, options.practice);
	await page.getByRole('button', { name: options.practice ? 'Send practice report' : 'Send report' }).press('Enter');
	await page.getByRole('heading', { name: 'My reports' }).waitFor();
}

const myReport = (page: Page, description: string) => page.getByTestId('my-report').filter({ hasText: description });

/** A real camera-like JPEG: pixels from a canvas, plus an EXIF segment holding GPS-looking bytes. */
async function jpegWithExif(page: Page): Promise<Buffer> {
	const bytes = await page.evaluate(async () => {
		const canvas = document.createElement('canvas');
		canvas.width = 2400;
		canvas.height = 1600;
		const context = canvas.getContext('2d') as CanvasRenderingContext2D;
		context.fillStyle = '#3a7';
		context.fillRect(0, 0, 2400, 1600);
		const blob = await new Promise<Blob>((done) => canvas.toBlob((b) => done(b as Blob), 'image/jpeg', 0.9));
		const jpeg = new Uint8Array(await blob.arrayBuffer());
		const payload = [...new TextEncoder().encode('Exif\0\0MM\0*GPSLatitude-33.4255')];
		const app1 = [0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];
		return [0xff, 0xd8, ...app1, ...jpeg.subarray(2)];
	});
	return Buffer.from(bytes);
}

/** The photos the reports database keeps on the device, as bytes. */
async function storedPhotos(page: Page): Promise<number[][]> {
	return page.evaluate(
		() =>
			new Promise<number[][]>((resolve, reject) => {
				const open = indexedDB.open('cuadra-reports');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const request = open.result.transaction('photos').objectStore('photos').getAll();
					request.onsuccess = async () => {
						const rows = request.result as { blob: Blob }[];
						resolve(await Promise.all(rows.map(async (r) => [...new Uint8Array(await r.blob.arrayBuffer())])));
						open.result.close();
					};
				};
			})
	);
}

const hasExifSegment = (bytes: number[]) => {
	for (let i = 0; i < bytes.length - 4; i++) if (bytes[i] === 0x45 && bytes[i + 1] === 0x78 && bytes[i + 2] === 0x69 && bytes[i + 3] === 0x66) return true;
	return false;
};

beforeAll(async () => {
	server = await startServer();
	browser = await launchBrowser();
	({ context: a, page: pageA } = await resident());
	({ context: b, page: pageB } = await resident());
});

afterAll(async () => {
	await a?.close();
	await b?.close();
	await browser?.close();
	await server?.stop();
	removeDir(server?.dataDir ?? '');
});

describe('reports in Chromium', () => {
	it('A, offline, makes a report with a photo; after a reload it is still there, saved on the phone, without EXIF', async () => {
		const photo = await jpegWithExif(pageA);
		expect(hasExifSegment([...photo])).toBe(true);
		await a.setOffline(true);
		await makeReport(pageA, { category: 'Robbery', description: 'Bag snatched outside the metro, offline', practice: false, photo });
		await expect.poll(() => myReport(pageA, 'offline').getAttribute('data-state')).toBe('saved_on_phone');

		await pageA.reload();
		await myReport(pageA, 'offline').waitFor();
		expect(await myReport(pageA, 'offline').getAttribute('data-state')).toBe('saved_on_phone');
		expect(await myReport(pageA, 'offline').getByTestId('my-report-state').textContent()).toContain('Saved on your phone');

		const photos = await storedPhotos(pageA);
		expect(photos).toHaveLength(1);
		expect(photos[0]?.slice(0, 2)).toEqual([0xff, 0xd8]);
		expect(hasExifSegment(photos[0] ?? [])).toBe(false);
		expect(photos[0]?.length ?? 0).toBeLessThan(photo.length);
	});

	it('A goes online; the report is received, B sees it in the list and on the map, and A sees it acknowledged', async () => {
		await a.setOffline(false);
		await expect.poll(() => myReport(pageA, 'offline').getAttribute('data-state'), { timeout: 30_000 }).toBe('received');

		const item = pageB.getByTestId('feed-report').filter({ hasText: 'Bag snatched outside the metro, offline' });
		await expect.poll(() => item.count(), { timeout: 30_000 }).toBe(1);
		await expect.poll(() => pageB.locator('.cuadra-marker').count(), { timeout: 10_000 }).toBeGreaterThan(0);
		// The photo went up (without EXIF) before the report, and B sees it.
		const photo = item.getByRole('img', { name: 'Photo 1 of the report' });
		await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 10_000 }).toBe(true);

		// An operator acknowledges it: A's progress reaches its last step.
		const published = (await (await fetch(`${server.url}/api/reports?municipality=providencia`)).json()) as { reports: { id: string; incidentId: string; description: string }[] };
		const incidentId = published.reports.find((r) => r.description.endsWith('offline'))?.incidentId ?? '';
		expect((await decide(server, await staffCookie(server, 'operator@providencia'), { incidentId, status: 'acknowledged' })).status).toBe(200);
		await expect.poll(() => myReport(pageA, 'offline').getAttribute('data-state'), { timeout: 30_000 }).toBe('acknowledged');
		await myReport(pageA, 'offline').getByText('Acknowledged: done').waitFor();
		// Everyone sees how long the municipality took to answer.
		await item.getByText(/The municipality is on it \(answered after \d+ min\)/).waitFor({ timeout: 30_000 });
	});

	it('a pin outside every municipality is refused and stays as an editable draft with the reason', async () => {
		await a.setGeolocation(plazaDeArmas);
		await makeReport(pageA, { category: 'Accident', description: 'Crash at the square', practice: false });
		await expect.poll(() => myReport(pageA, 'Crash at the square').getAttribute('data-state'), { timeout: 30_000 }).toBe('refused');
		await myReport(pageA, 'Crash at the square').getByText('outside every municipality').waitFor();
		await myReport(pageA, 'Crash at the square').getByRole('link', { name: 'Edit and send again' }).press('Enter');
		await pageA.getByRole('heading', { name: 'Where is it?' }).waitFor();
		await pageA.getByText('The place is outside every municipality that uses Cuadra.').waitFor();
		await a.setGeolocation(metroPedroDeValdivia);
	});

	it('near the shared border with a fix of ±100 m, the resident is asked which side, picks Las Condes, and the report goes there', async () => {
		// 30 m west of the edge Providencia and Las Condes share (at -33.426 it runs through -70.585).
		const metre = 1 / (111_195 * Math.cos(33.426 * (Math.PI / 180)));
		await a.setGeolocation({ latitude: -33.426, longitude: -70.585 - 30 * metre, accuracy: 100 });
		await pageA.getByRole('link', { name: 'Report', exact: true }).press('Enter');
		await pageA.getByRole('button', { name: 'Streetlight out', exact: true }).press('Enter');
		await pageA.getByRole('button', { name: 'Use my location' }).press('Enter');
		await pageA.getByTestId('gps-status').getByText('Located to within about 100 m').waitFor();
		await pageA.getByTestId('pin-status').getByText('The place is in Providencia.').waitFor();
		const question = pageA.getByRole('group', { name: 'You are near the border of Las Condes and Providencia. Where did it happen?' });
		await question.waitFor();
		// Not answered: the flow says so and stays.
		await pageA.getByRole('button', { name: 'Next' }).press('Enter');
		await pageA.getByRole('alert').getByText('Say on which side of the border it happened.').waitFor();
		const found: string[] = [];
		for (const v of await axeViolations(pageA)) found.push(`${v.id} ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
		expect(found).toEqual([]);
		await question.getByRole('radio', { name: 'In Las Condes' }).check();
		await pageA.getByTestId('pin-status').getByText('The place is in Las Condes.').waitFor();
		expect(await question.getByRole('radio', { name: 'In Las Condes' }).isChecked()).toBe(true);
		await pageA.getByRole('button', { name: 'Next' }).press('Enter');
		await pageA.getByLabel('Short description (optional)').fill('Dark corner right at the border');
		await setPractice(pageA, false);
		await pageA.getByRole('button', { name: 'Send report' }).press('Enter');
		await expect.poll(() => myReport(pageA, 'right at the border').getAttribute('data-state'), { timeout: 30_000 }).toBe('received');
		const feedOf = async (m: string) => ((await (await fetch(`${server.url}/api/reports?municipality=${m}`)).json()) as { reports: { description: string }[] }).reports.map((r) => r.description);
		expect(await feedOf('las-condes')).toContain('Dark corner right at the border');
		expect(await feedOf('providencia')).not.toContain('Dark corner right at the border');
		await a.setGeolocation(metroPedroDeValdivia);
	});

	it('a draft written offline with a category hidden before it could be sent still sends, and is received', async () => {
		await a.setOffline(true);
		await makeReport(pageA, { category: 'Dumped rubbish', description: 'Rubbish bags, written with no signal', practice: false });
		await expect.poll(() => myReport(pageA, 'with no signal').getAttribute('data-state')).toBe('saved_on_phone');
		// Meanwhile Providencia's admin hides the category.
		const admin = await staffCookie(server, 'admin@providencia');
		const path = `${server.url}/api/municipalities/providencia/config`;
		const { config } = (await (await fetch(path, { headers: { cookie: admin } })).json()) as { config: { categories: { key: string; status: string }[] } };
		for (const c of config.categories) if (c.key === 'dumped_rubbish') c.status = 'hidden';
		const put = await fetch(path, { method: 'PUT', headers: { cookie: admin, 'content-type': 'application/json', origin: server.url }, body: JSON.stringify({ config }) });
		expect(put.status).toBe(200);
		await a.setOffline(false);
		await expect.poll(() => myReport(pageA, 'with no signal').getAttribute('data-state'), { timeout: 30_000 }).toBe('received');
		// Still named as the category it was, not by its key.
		await myReport(pageA, 'with no signal').getByRole('heading', { name: 'Dumped rubbish' }).waitFor();
	});

	it('a practice report is marked as such and never reaches B', async () => {
		await makeReport(pageA, { category: 'Commotion', description: 'Just trying the app out', practice: true });
		expect(await myReport(pageA, 'Just trying the app out').getAttribute('data-state')).toBe('practice');
		await myReport(pageA, 'Just trying the app out').getByText('Practice: sent to nobody').waitFor();

		const feed = await (await fetch(`${server.url}/api/reports?municipality=providencia`)).text();
		expect(feed).not.toContain('Just trying the app out');
		await pageB.reload();
		await pageB.getByTestId('feed-report').first().waitFor();
		expect(await pageB.getByTestId('feed-report').filter({ hasText: 'Just trying the app out' }).count()).toBe(0);
	});

	it('B, about to report the same thing, is asked "Is it this one?" and can follow it instead', async () => {
		await pageB.getByRole('link', { name: 'Report', exact: true }).press('Enter');
		await pageB.getByRole('button', { name: 'Robbery', exact: true }).press('Enter');
		await pageB.getByRole('button', { name: 'Use my location' }).press('Enter');
		const duplicates = pageB.getByTestId('duplicates');
		await duplicates.getByRole('heading', { name: 'Is it this one?' }).waitFor({ timeout: 20_000 });
		await duplicates.getByText('Bag snatched outside the metro, offline').waitFor();
		await duplicates.getByRole('button', { name: 'Follow this one' }).press('Enter');
		await pageB.getByTestId('feed-report').filter({ hasText: 'Bag snatched outside the metro' }).getByText('You follow this report.').waitFor();
		// Said where the resident lands, and read out: the confirmation is in a live region.
		const confirmation = pageB.getByTestId('flash-text');
		expect(await confirmation.textContent()).toMatch(/You now follow this report/);
		expect(await confirmation.getAttribute('role')).toBe('status');
	});

	it('tells the resident before sending that the public sees only the block for a home burglary', async () => {
		await pageA.getByRole('link', { name: 'Report', exact: true }).press('Enter');
		await pageA.getByRole('button', { name: 'Home burglary', exact: true }).press('Enter');
		await pageA.getByTestId('coarse-notice').getByText('the public sees only the block').waitFor();
		await pageA.getByRole('button', { name: 'Back' }).press('Enter');
		await pageA.getByRole('button', { name: 'Robbery', exact: true }).press('Enter');
		await pageA.getByRole('heading', { name: 'Where is it?' }).waitFor();
		expect(await pageA.getByTestId('coarse-notice').count()).toBe(0);
	});

	it('B opens a report from the list: its text, photo, timeline with the answer time, and the other report of the event', async () => {
		await pageB.goto(server.url);
		const item = pageB.getByTestId('feed-report').filter({ hasText: 'Bag snatched outside the metro, offline' });
		await item.getByRole('link', { name: 'Robbery' }).press('Enter');
		const detail = pageB.getByTestId('report-detail');
		await detail.getByText('Bag snatched outside the metro, offline').waitFor();
		await detail.getByTestId('timeline-event').filter({ hasText: 'We received the report.' }).first().waitFor();
		await detail.getByText(/answered after \d+ min/).waitFor();
		await detail.getByRole('img', { name: 'Photo 1 of the report' }).waitFor();
		const found: string[] = [];
		for (const v of await axeViolations(pageB)) found.push(`${v.id} ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
		expect(found).toEqual([]);
	});

	it('B, offline, still sees the reports after a reload', async () => {
		await pageB.goto(server.url);
		await b.setOffline(true);
		await pageB.reload();
		await pageB.getByTestId('feed-report').filter({ hasText: 'Bag snatched outside the metro, offline' }).waitFor();
		await b.setOffline(false);
	});

	it('axe finds no violations on the report screens', async () => {
		const found: string[] = [];
		const check = async (name: string) => {
			for (const v of await axeViolations(pageB)) found.push(`${name}: ${v.id} ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
		};
		await pageB.goto(server.url);
		await pageB.getByTestId('feed-report').first().waitFor();
		await check('home feed');
		await pageB.getByRole('link', { name: 'Report', exact: true }).press('Enter');
		await pageB.getByRole('heading', { name: 'What is happening?' }).waitFor();
		await pageB.getByRole('button', { name: 'Power cut' }).press('Enter');
		await pageB.getByText('Please contact Enel').waitFor();
		await check('categories');
		await pageB.getByRole('button', { name: 'Streetlight out', exact: true }).press('Enter');
		await pageB.getByRole('button', { name: 'Use my location' }).press('Enter');
		await pageB.getByTestId('gps-status').getByText(/Located/).waitFor();
		await check('location');
		await pageB.getByRole('button', { name: 'Describe the place in words instead' }).press('Enter');
		await check('location in words');
		await pageB.getByLabel('Address or landmark').fill('Plaza Las Lilas');
		await pageB.getByRole('button', { name: 'Next' }).press('Enter');
		await pageB.getByLabel('Short description (optional)').waitFor();
		await check('details');
		await pageA.goto(server.url);
		// A's refused draft is among more than three reports: unfold them.
		await pageA.getByTestId('my-reports-toggle').press('Enter');
		await myReport(pageA, 'Crash at the square').waitFor();
		for (const v of await axeViolations(pageA)) found.push(`my reports: ${v.id} ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
		expect(found).toEqual([]);
	});
});

describe('reports when the tile server fails, without GPS', () => {
	let broken: TestServer;
	let context: BrowserContext;

	beforeAll(async () => {
		// Nothing listens on port 9: every tile fails.
		broken = await startServer({ env: { CUADRA_TILE_URL: 'http://127.0.0.1:9/{z}/{x}/{y}.png', CUADRA_TILE_ATTRIBUTION: 'Test tiles' } });
		context = await browser.newContext({ locale: 'en' });
	});

	afterAll(async () => {
		await context?.close();
		await broken?.stop();
		removeDir(broken?.dataDir ?? '');
	});

	it('places a pin by tapping the map, and describes a place in words, and both reports arrive', async () => {
		const page = await context.newPage();
		await page.goto(broken.url);
		await page.getByLabel('Which municipality do you live in?').selectOption('providencia');
		await page.getByRole('button', { name: 'Show its reports' }).click();
		await page.getByRole('link', { name: 'Report', exact: true }).press('Enter');
		await page.getByRole('button', { name: 'Streetlight out', exact: true }).press('Enter');
		// Tap inside an outline drawn from the stored configuration, until the pin is in Providencia.
		const outlines = page.getByTestId('location-map').locator('.leaflet-overlay-pane path');
		await expect.poll(() => outlines.count()).toBeGreaterThan(1);
		for (const outline of await outlines.all()) {
			const box = await outline.boundingBox();
			if (!box) continue;
			await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
			if (await page.getByTestId('pin-status').getByText('The place is in Providencia.').isVisible()) break;
		}
		await page.getByTestId('pin-status').getByText('The place is in Providencia.').waitFor();
		await page.getByRole('button', { name: 'Next' }).press('Enter');
		await page.getByLabel('Short description (optional)').fill('Dark corner, pinned on a map without tiles');
		await setPractice(page, false);
		await page.getByRole('button', { name: 'Send report' }).press('Enter');
		await expect.poll(() => myReport(page, 'without tiles').getAttribute('data-state'), { timeout: 30_000 }).toBe('received');

		// The keyboard and screen-reader path: the place in words.
		await page.getByRole('link', { name: 'Report', exact: true }).press('Enter');
		await page.getByRole('button', { name: 'Dumped rubbish', exact: true }).press('Enter');
		await page.getByRole('button', { name: 'Describe the place in words instead' }).press('Enter');
		await page.getByLabel('Address or landmark').fill('Plaza Las Lilas, north side');
		await page.getByRole('button', { name: 'Next' }).press('Enter');
		await page.getByLabel('Short description (optional)').fill('Sofa left on the pavement');
		await page.getByRole('button', { name: 'Send report' }).press('Enter');
		await expect.poll(() => myReport(page, 'Sofa left').getAttribute('data-state'), { timeout: 30_000 }).toBe('received');
		await page.getByTestId('feed-report').filter({ hasText: 'Place: Plaza Las Lilas, north side' }).waitFor({ timeout: 30_000 });
	});
});
