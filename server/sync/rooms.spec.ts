import { describe, expect, it } from 'vitest';
import { roomFromPath } from './rooms.ts';

describe('roomFromPath', () => {
	it('reads kind and id, plain or percent-encoded', () => {
		expect(roomFromPath('/sync/report:abc-1')).toEqual({ name: 'report:abc-1', kind: 'report', id: 'abc-1' });
		expect(roomFromPath('/sync/report%3Aabc')).toEqual({ name: 'report:abc', kind: 'report', id: 'abc' });
	});
	it('refuses anything else', () => {
		for (const bad of ['/sync/', '/sync/report', '/sync/report:', '/sync/Report:x', '/sync/report:a/b', '/sync/%E0', '/api/report:x', `/sync/report:${'a'.repeat(65)}`]) {
			expect(roomFromPath(bad)).toBeNull();
		}
	});
});
