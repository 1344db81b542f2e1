import { describe, expect, it } from 'vitest';
import { auditQuery } from './audit-api.ts';

describe('the record’s query', () => {
	it('names only what is filtered', () => {
		expect(auditQuery('providencia', { kind: '', actor: '', from: '', to: '' })).toBe('municipality=providencia');
		expect(auditQuery('providencia', { kind: 'staff', actor: 'u1', from: '', to: '' })).toBe('municipality=providencia&kind=staff&actor=u1');
	});

	it('turns days into the start of the first day and the start of the day after the last', () => {
		const params = new URLSearchParams(auditQuery('providencia', { kind: '', actor: '', from: '2026-12-01', to: '2026-12-03' }));
		expect(params.get('from')).toBe(new Date('2026-12-01T00:00:00').toISOString());
		expect(params.get('to')).toBe(new Date('2026-12-04T00:00:00').toISOString());
	});
});
