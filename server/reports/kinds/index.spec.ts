import { describe, expect, it } from 'vitest';
import { kindsWithoutAwareness } from '../../../src/lib/sync/protocol.ts';
import { opsPresenceKind } from '../../ops/presence-kind.ts';
import { reportDocKinds } from './index.ts';

/** Every kind the server registers (server/app.ts): the reports feature's and the console's presence. */
const registered = [...reportDocKinds, opsPresenceKind];

describe('document kinds', () => {
	it('agree with the client on which rooms carry no awareness', () => {
		const without = registered.filter((kind) => !kind.awareness).map((kind) => kind.name);
		expect(without.sort()).toEqual([...kindsWithoutAwareness].sort());
		expect(without).toContain('feed');
		expect(registered.map((kind) => kind.name)).toContain('ops');
	});
});
