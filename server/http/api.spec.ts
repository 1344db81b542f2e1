import { describe, expect, it } from 'vitest';
import { matchPath } from './api.ts';

describe('matchPath', () => {
	it('matches exact paths and :name segments, decoded', () => {
		expect(matchPath('/api/staff', '/api/staff')).toEqual({});
		expect(matchPath('/api/staff', '/api/staff/x')).toBeNull();
		expect(matchPath('/api/staff/:userId', '/api/staff/a%40b')).toEqual({ userId: 'a@b' });
		expect(matchPath('/api/staff/:userId/password', '/api/staff/u1/password')).toEqual({ userId: 'u1' });
		expect(matchPath('/api/staff/:userId', '/api/staff/u1/password')).toBeNull();
		expect(matchPath('/api/staff/:userId', '/api/staff/')).toBeNull();
		expect(matchPath('/api/staff/:userId', '/api/staff/%E0%A4%A')).toBeNull();
	});
});
