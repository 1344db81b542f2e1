import { describe, expect, it } from 'vitest';
import { isRefusalCode, reportInputSchema } from './report.ts';

const valid = {
	id: '0d6b8f5e-7a43-4c1e-9f7b-6a3b2f1d9c10',
	category: 'robbery',
	description: 'Two people took a bag at the bus stop.',
	location: { kind: 'point', point: [-70.6128, -33.4255], source: 'gps', accuracyMetres: 12 },
	consentToCall: true,
	phone: '+56 9 1234 5678',
	reportedAt: '2026-11-21T09:00:00.000Z'
};

describe('reportInputSchema', () => {
	it('accepts a report pinned by GPS and defaults photos to none', () => {
		const parsed = reportInputSchema.parse(valid);
		expect(parsed.photoIds).toEqual([]);
	});

	it('asks a reporter who may be called for the number, and takes a phone number only as one', () => {
		const { phone: _phone, ...noPhone } = valid;
		const refused = reportInputSchema.safeParse(noPhone);
		expect(refused.success).toBe(false);
		expect(refused.error?.issues[0]).toMatchObject({ path: ['phone'], message: expect.stringMatching(/phone number/) });
		expect(reportInputSchema.safeParse({ ...noPhone, consentToCall: false }).success).toBe(true);
		expect(reportInputSchema.safeParse({ ...valid, phone: 'call me' }).success).toBe(false);
		expect(reportInputSchema.safeParse({ ...valid, phone: '12345' }).success).toBe(false);
		expect(reportInputSchema.parse({ ...valid, phone: ' (2) 2345-6789 ' }).phone).toBe('(2) 2345-6789');
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
