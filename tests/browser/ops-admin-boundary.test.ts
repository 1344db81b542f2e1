import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeClean, browserSuite } from '../support/browser.ts';
import type { TestServer } from '../support/server.ts';
import { staffCookie } from '../integration/reports-support.ts';

/**
 * Issue 17, item 3: the admin's Boundary and Changes screens, in Chromium against the production
 * build (no tiles: the map shows the boundaries alone).
 */
let browser: Browser;
let server: TestServer;
browserSuite((app) => ({ browser, server } = app));

type Polygon = { type: 'Polygon'; coordinates: [number, number][][] };

async function adminPage(): Promise<{ page: Page; cookie: string }> {
	const cookie = await staffCookie(server, 'admin@providencia');
	const [name, value] = cookie.split('=') as [string, string];
	const context = await browser.newContext({ locale: 'en' });
	await context.addCookies([{ name, value, url: server.url }]);
	return { page: await context.newPage(), cookie };
}

describe('the boundary screen', () => {
	it('refuses a bad file in words, takes an uploaded one over the current, saves it with a reason, and the changes list it', async () => {
		const { page, cookie } = await adminPage();
		const config = ((await (await fetch(`${server.url}/api/municipalities/providencia/config`, { headers: { cookie } })).json()) as { config: { boundary: Polygon } }).config;
		await page.goto(`${server.url}/ops/admin/boundary`);
		await page.getByTestId('boundary-current').waitFor();
		await page.getByTestId('boundary-map').locator('path').first().waitFor();
		await axeClean(page, 'boundary');

		// A file that is not a polygon: said plainly, nothing to save.
		await page.getByTestId('boundary-file').setInputFiles({ name: 'points.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [] })) });
		await page.getByTestId('boundary-problems').getByText('It holds no polygon.').waitFor();
		expect(await page.getByTestId('boundary-save').isDisabled()).toBe(true);

		// The same outline with one corner moved a few metres, as a Feature.
		const ring = config.boundary.coordinates[0] as [number, number][];
		const moved: Polygon = { type: 'Polygon', coordinates: [ring.map(([lng, lat], i) => (i === 1 ? [lng + 0.0005, lat] : [lng, lat]))] };
		await page.getByTestId('boundary-file').setInputFiles({ name: 'providencia.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify({ type: 'Feature', properties: {}, geometry: moved })) });
		await page.getByTestId('boundary-next').getByText(`New boundary: 1 area(s), ${ring.length - 1} points.`).waitFor();
		expect(await page.getByTestId('boundary-problems').count()).toBe(0);
		await page.getByLabel('Reason for the change (optional)').fill('Corrected the north-east corner');
		await page.getByTestId('boundary-save').click();
		await page.locator('dialog[open]').getByRole('button', { name: 'Save' }).click();
		await page.getByTestId('boundary-done').getByText('Boundary saved.').waitFor();
		const saved = ((await (await fetch(`${server.url}/api/municipalities/providencia/config`, { headers: { cookie } })).json()) as { config: { boundary: Polygon } }).config;
		expect(saved.boundary).toEqual(moved);

		await page.goto(`${server.url}/ops/admin/changes`);
		const change = page.getByTestId('config-change').first();
		await change.getByText('Changed: boundary').waitFor();
		await change.getByText('Reason: Corrected the north-east corner').waitFor();
		await axeClean(page, 'changes');
		await page.context().close();
	});

	it('draws a shape corner by corner, with undo, and previews it', async () => {
		const { page } = await adminPage();
		await page.goto(`${server.url}/ops/admin/boundary`);
		const map = page.getByTestId('boundary-map');
		await map.locator('path').first().waitFor();
		await page.getByTestId('boundary-draw').click();
		const box = (await map.boundingBox())!;
		for (const [x, y] of [[0.3, 0.3], [0.7, 0.3], [0.9, 0.9], [0.5, 0.7]] as const) await page.mouse.click(box.x + box.width * x, box.y + box.height * y);
		await page.getByTestId('boundary-corners').getByText('4 corners').waitFor();
		await page.getByRole('button', { name: 'Remove the last corner' }).click();
		await page.getByTestId('boundary-corners').getByText('3 corners').waitFor();
		await page.getByRole('button', { name: 'Use this shape' }).click();
		await page.getByTestId('boundary-next').getByText('New boundary: 1 area(s), 3 points.').waitFor();
		const text = JSON.parse(await page.getByLabel('GeoJSON of the new boundary (editable)').inputValue()) as Polygon;
		expect(text.type).toBe('Polygon');
		expect(text.coordinates[0]).toHaveLength(4);
		expect(text.coordinates[0]?.[0]).toEqual(text.coordinates[0]?.[3]);
		await axeClean(page, 'boundary, drawn');
		await page.context().close();
	});
});
