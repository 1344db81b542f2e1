import { describe, expect, it } from 'vitest';
import { createRouter } from './api.ts';
import { endpoint, reply, type Endpoint } from './endpoint.ts';

/** The params of `pathname` when `pattern` is the only endpoint (GET), else null. */
function matchPath(pattern: string, pathname: string): Record<string, string> | null {
	const found = createRouter([endpoint({ method: 'GET', path: pattern, who: 'anyone', handle: () => reply(204) })])('GET', pathname);
	return found && 'params' in found ? found.params : null;
}

describe('the router', () => {
	it('matches exact paths and :name segments, decoded', () => {
		expect(matchPath('/api/staff', '/api/staff')).toEqual({});
		expect(matchPath('/api/staff', '/api/staff/x')).toBeNull();
		expect(matchPath('/api/staff/:userId', '/api/staff/a%40b')).toEqual({ userId: 'a@b' });
		expect(matchPath('/api/staff/:userId/password', '/api/staff/u1/password')).toEqual({ userId: 'u1' });
		expect(matchPath('/api/staff/:userId', '/api/staff/u1/password')).toBeNull();
		expect(matchPath('/api/staff/:userId', '/api/staff/')).toBeNull();
		expect(matchPath('/api/staff/:userId', '/api/staff/%E0%A4%A')).toBeNull();
	});

	it('finds the endpoint for the method, else the methods the path has', () => {
		const at = (method: Endpoint['method'], path: string) => endpoint({ method, path, who: 'anyone', handle: () => reply(204) });
		const staff = [at('GET', '/api/staff'), at('POST', '/api/staff'), at('GET', '/api/staff/log'), at('DELETE', '/api/staff/:userId'), at('POST', '/api/staff/:userId/password')];
		const find = createRouter(staff);
		expect(find('GET', '/api/staff/log')).toMatchObject({ endpoint: staff[2], params: {} });
		expect(find('DELETE', '/api/staff/u1')).toMatchObject({ endpoint: staff[3], params: { userId: 'u1' } });
		expect(find('PUT', '/api/staff')).toEqual({ allow: ['GET', 'POST'] });
		expect(find('POST', '/api/staff/log')).toEqual({ allow: ['GET', 'DELETE'] });
		expect(find('GET', '/api/nothing')).toBeNull();
	});
});
