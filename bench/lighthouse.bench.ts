/**
 * Lighthouse's mobile run (its defaults: a mid-range phone, simulated slow 4G) on the home, report
 * and emergency pages, against the production server in Debian's Chromium. Lighthouse is pinned to
 * 12.2.3: 13 needs Node 22. Median of three runs per page (by performance score), with LCP and TBT.
 * Goals (issue 18): performance ≥ 95 and accessibility 100 on each page.
 */
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { chromiumPath } from '../tests/support/browser.ts';
import { removeDir, startServer } from '../tests/support/server.ts';

export const title = 'Lighthouse 12.2.3, mobile defaults, median of 3 (production build, Chromium)';

const pages = ['/', '/reports/new', '/emergency'];
const runs = Number(process.env.CUADRA_LIGHTHOUSE_RUNS ?? 3);
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Run {
	performance: number;
	accessibility: number;
	bestPractices: number;
	lcpMs: number;
	tbtMs: number;
}

async function once(url: string): Promise<Run> {
	const chrome = await chromeLauncher.launch({ chromePath: chromiumPath, chromeFlags: flags });
	try {
		const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices'] });
		if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
		const { categories, audits } = result.lhr;
		return {
			performance: Math.round((categories.performance?.score ?? 0) * 100),
			accessibility: Math.round((categories.accessibility?.score ?? 0) * 100),
			bestPractices: Math.round((categories['best-practices']?.score ?? 0) * 100),
			lcpMs: Math.round(audits['largest-contentful-paint']?.numericValue ?? NaN),
			tbtMs: Math.round(audits['total-blocking-time']?.numericValue ?? NaN)
		};
	} finally {
		chrome.kill();
	}
}

export default async function run(): Promise<Record<string, string | number>[]> {
	const server = await startServer();
	try {
		const rows = [];
		for (const path of pages) {
			const results: Run[] = [];
			for (let i = 0; i < runs; i++) results.push(await once(server.url + path));
			const median = [...results].sort((a, b) => a.performance - b.performance)[Math.floor(results.length / 2)] as Run;
			rows.push({
				page: path,
				performance: median.performance,
				accessibility: median.accessibility,
				'best practices': median.bestPractices,
				'LCP ms': median.lcpMs,
				'TBT ms': median.tbtMs,
				'performance (all runs)': results.map((r) => r.performance).join(' / ')
			});
		}
		return rows;
	} finally {
		await server.stop();
		removeDir(server.dataDir);
	}
}
