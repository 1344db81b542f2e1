import { describe, expect, it } from 'vitest';
import { isRefusalCode, reportInputSchema } from './report.ts';

const valid = {
	id: '0d6b8f5e-7a43-4c1e-9f7b-6a3b2f1d9c10',
	category: 'robbery',
	description: 'Two people took a bag at the bus stop.',
	location: { kind: 'point', point: [-70.6128, -33.4255], source: 'gps', accuracyMetres: 12 },
	consentToCall: true,
	reportedAt: '2026-11-21T09:00:00.000Z'
};

describe('reportInputSchema', () => {
	it('accepts a report pinned by GPS and defaults photos to none', () => {
		const parsed = reportInputSchema.parse(valid);
		expect(parsed.photoIds).toEqual([]);
	});

	it('accepts a place typed in words within a chosen municipality', () => {
		expect(reportInputSchema.safeParse({ ...valid, location: { kind: 'place', text: 'Plaza Las Lilas', municipality: 'providencia' } }).success).toBe(true);
	});

	it('refuses descriptions over 500 characters, bad coordinates and ids that are not UUIDs', () => {
		expect(reportInputSchema.safeParse({ ...valid, description: 'x'.repeat(501) }).success).toBe(false);
		expect(reportInputSchema.safeParse({ ...valid, description: 'x'.repeat(500) }).success).toBe(true);
		expect(reportInputSchema.safeParse({ ...valid, location: { ...valid.location, point: [-200, 0] } }).success).toBe(false);
		expect(reportInputSchema.safeParse({ ...valid, id: 'abc' }).success).toBe(false);
		expect(reportInputSchema.safeParse({ ...valid, photoIds: Array(4).fill(valid.id) }).success).toBe(false);
	});

	it('knows its refusal codes', () => {
		expect(isRefusalCode('outside_municipalities')).toBe(true);
		expect(isRefusalCode('teapot')).toBe(false);
	});
});
