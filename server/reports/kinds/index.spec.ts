import { describe, expect, it } from 'vitest';
import { kindsWithoutAwareness } from '../../../src/lib/sync/protocol.ts';
import { reportDocKinds } from './index.ts';

describe('document kinds', () => {
	it('agree with the client on which rooms carry no awareness', () => {
		const without = [...reportDocKinds].filter((kind) => !kind.awareness).map((kind) => kind.name);
		expect(without.sort()).toEqual([...kindsWithoutAwareness].sort());
		expect(without).toContain('feed');
	});
});
