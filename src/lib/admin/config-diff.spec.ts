import { describe, expect, it } from 'vitest';
import { changedParts, partLabel } from './config-diff.ts';

describe('what a configuration change replaced', () => {
	it('names the parts that differ, in the settings’ order, and nothing for a first configuration', () => {
		const before = { name: 'Providencia', boundary: { type: 'Polygon', coordinates: [] }, categories: [{ key: 'a' }], securityLine: { number: '1' } };
		const after = { ...before, categories: [{ key: 'a', status: 'hidden' }], securityLine: { number: '2' } };
		expect(changedParts(before, after)).toEqual(['securityLine', 'categories']);
		expect(changedParts(before, { ...before })).toEqual([]);
		expect(changedParts(null, after)).toEqual([]);
		expect(changedParts(before, { ...before, extra: 1 })).toEqual(['extra']);
	});

	it('says each part in words', () => {
		expect(partLabel('securityLine')).toBe('línea de seguridad');
		expect(partLabel('extra')).toBe('extra');
	});
});
