import { describe, expect, it } from 'vitest';
import { feedReport } from './feed-fixtures.ts';
import { fetchPublicReport, requestReopen } from './report-api.ts';

const answer = (status: number, body?: unknown): typeof fetch => (async () => new Response(body === undefined ? null : JSON.stringify(body), { status })) as typeof fetch;
const id = '00000000-0000-4000-8000-0000000000aa';

describe('fetchPublicReport', () => {
	it('reads the public report, bare or wrapped', async () => {
		const report = feedReport(id);
		expect(await fetchPublicReport(id, answer(200, report))).toEqual({ kind: 'ok', report });
		expect(await fetchPublicReport(id, answer(200, { report }))).toEqual({ kind: 'ok', report });
	});

	it('tells a missing report from a failure (offline, a server error, a malformed answer)', async () => {
		expect(await fetchPublicReport(id, answer(404, { error: { code: 'unknown_report' } }))).toEqual({ kind: 'missing' });
		expect(await fetchPublicReport(id, answer(503))).toEqual({ kind: 'failed' });
		expect(await fetchPublicReport(id, answer(200, { id }))).toEqual({ kind: 'failed' });
		expect(await fetchPublicReport(id, (async () => Promise.reject(new TypeError('offline'))) as typeof fetch)).toEqual({ kind: 'failed' });
	});
});

describe('requestReopen', () => {
	it('sent, already asked, refused, or try again', async () => {
		expect(await requestReopen(id, 'Sigue apagada', answer(202))).toBe('sent');
		expect(await requestReopen(id, 'Sigue apagada', answer(409))).toBe('already');
		expect(await requestReopen(id, 'Sigue apagada', answer(403))).toBe('refused');
		expect(await requestReopen(id, 'Sigue apagada', answer(503))).toBe('failed');
	});
});
