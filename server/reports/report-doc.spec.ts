import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { PublicReport } from '../../src/lib/domain/report.ts';
import { publishReportDoc, reportMeta, reportPseudonym, type ServerWrite } from './report-doc.ts';

const report = (over: Partial<PublicReport> = {}): PublicReport => ({
	id: '0b7c6a52-4c55-4d3e-9d43-3f1e9b0c2a11',
	incidentId: 'i1',
	municipality: 'providencia',
	category: 'home_burglary',
	group: 'security',
	description: 'Entraron a la casa',
	point: [-70.6101, -33.4301],
	coarse: true,
	place: null,
	photoIds: ['p1'],
	reportedAt: '2026-11-21T09:59:00.000Z',
	receivedAt: '2026-11-21T10:00:00.000Z',
	status: 'received',
	statusAt: '2026-11-21T10:00:00.000Z',
	closingMessage: null,
	...over
});

describe('reportMeta', () => {
	it('holds the public position, the server’s time and a pseudonym, never the reporter', () => {
		expect(reportMeta(report(), 'r-abc')).toEqual({
			creator: 'r-abc',
			municipality: 'providencia',
			category: 'home_burglary',
			description: 'Entraron a la casa',
			location: { lat: -33.4301, lng: -70.6101 },
			coarse: true,
			photos: ['p1'],
			practice: false,
			createdAt: Date.parse('2026-11-21T10:00:00.000Z')
		});
	});

	it('has a place in words instead of a location when there was no pin', () => {
		const meta = reportMeta(report({ point: null, coarse: false, place: 'Frente a la plaza' }), 'r-abc');
		expect(meta).not.toHaveProperty('location');
		expect(meta.place).toBe('Frente a la plaza');
	});

	it('makes a different pseudonym each time', () => {
		expect(reportPseudonym()).not.toBe(reportPseudonym());
		expect(reportPseudonym()).toMatch(/^r-[A-Za-z0-9_-]{12}$/);
	});
});

describe('publishReportDoc', () => {
	it('writes report:<id> once; a second send changes nothing', async () => {
		const doc = new Y.Doc();
		const rooms: string[] = [];
		const write: ServerWrite = async (room, edit) => {
			rooms.push(room);
			const before = Y.encodeStateVector(doc);
			edit(doc);
			return Y.encodeStateAsUpdate(doc, before).byteLength > 2;
		};
		expect(await publishReportDoc(write, report(), 'r-first')).toBe(true);
		expect(await publishReportDoc(write, report({ description: 'changed' }), 'r-second')).toBe(false);
		expect(rooms).toEqual(['report:0b7c6a52-4c55-4d3e-9d43-3f1e9b0c2a11', 'report:0b7c6a52-4c55-4d3e-9d43-3f1e9b0c2a11']);
		expect(doc.getMap('meta').get('creator')).toBe('r-first');
		expect(doc.getMap('meta').get('description')).toBe('Entraron a la casa');
	});
});
