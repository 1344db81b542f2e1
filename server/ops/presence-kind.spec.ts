import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import { stampIdentity } from '../sync/awareness.ts';
import { opsAwareness, opsPresenceKind } from './presence-kind.ts';

const principal = (memberships: Principal['memberships'], displayName: string | null = null): Principal => ({
	userId: 'u1',
	kind: memberships.some((m) => m.role !== 'resident') ? 'staff' : 'resident',
	displayName,
	memberships,
	sessionHash: 'h',
	expiresAt: Date.now() + 60_000
});
const facts = { creator: null, municipalityId: 'providencia' };

describe('ops:<municipality> presence', () => {
	it("lets only the municipality's operators and admins in", () => {
		expect(opsPresenceKind.access(principal([{ municipalityId: 'providencia', role: 'operator' }]), facts)).toBe('write');
		expect(opsPresenceKind.access(principal([{ municipalityId: 'providencia', role: 'admin' }]), facts)).toBe('write');
		expect(opsPresenceKind.access(principal([{ municipalityId: 'providencia', role: 'resident' }]), facts)).toBe('none');
		expect(opsPresenceKind.access(principal([{ municipalityId: 'las-condes', role: 'operator' }]), facts)).toBe('none');
		expect(opsPresenceKind.access(principal([{ municipalityId: 'providencia', role: 'operator' }]), { creator: null, municipalityId: null })).toBe('none');
	});

	it('carries only the incident viewed, and the name the server knows', () => {
		const staff = principal([{ municipalityId: 'providencia', role: 'operator' }], 'Rosa Díaz');
		const identity = { ...opsPresenceKind.awarenessIdentity?.(staff), id: staff.userId, role: 'operator' };
		expect(stampIdentity({ viewing: 'inc-1', user: { name: 'Jefa' }, secret: 1 }, identity, opsAwareness)).toEqual({ viewing: 'inc-1', user: { id: 'u1', role: 'operator', name: 'Rosa Díaz' } });
		expect(stampIdentity({ viewing: 'x'.repeat(65) }, identity, opsAwareness)).toEqual({ user: identity });
		expect(stampIdentity({ viewing: null }, identity, opsAwareness)).toEqual({ viewing: null, user: identity });
	});
});
