import type { StaffLogEntry, StaffMember, StaffRole } from '$lib/domain/staff.ts';
import { opsApi, type OpsApi } from '$lib/ops/api.ts';
import type { ChannelCounts } from '$lib/ops/contract.ts';

/**
 * The admins' client for the staff API (server/staff/routes.ts) and the reports' channels
 * (`GET /api/ops/channels`, server/ops/queue-routes.ts), over the console's `request` (refusals are `OpsApiError`, an
 * expired session signs in again in place). The Staff and Organisations screens use it.
 */

export type { ChannelCounts, StaffLogEntry, StaffMember, StaffRole };

export interface NewMember {
	username: string;
	displayName?: string;
	role: StaffRole;
}

const q = (municipality: string) => `municipality=${encodeURIComponent(municipality)}`;

export function createStaffApi(api: Pick<OpsApi, 'request'> = opsApi) {
	return {
		list: async (municipality: string) => (await api.request<{ staff: StaffMember[] }>('GET', `/api/staff?${q(municipality)}`)).staff,
		log: async (municipality: string) => (await api.request<{ changes: StaffLogEntry[] }>('GET', `/api/staff/log?${q(municipality)}`)).changes,
		add: (municipality: string, person: NewMember) => api.request<{ member: StaffMember; password: string }>('POST', '/api/staff', { ...person, municipalityId: municipality }),
		remove: (municipality: string, userId: string) => api.request<{ accountClosed: boolean }>('DELETE', `/api/staff/${encodeURIComponent(userId)}?${q(municipality)}`, { confirm: true }),
		resetPassword: (userId: string) => api.request<{ userId: string; password: string }>('POST', `/api/staff/${encodeURIComponent(userId)}/password`, { confirm: true }),
		channels: (municipality: string) => api.request<ChannelCounts>('GET', `/api/ops/channels?${q(municipality)}`)
	};
}

export type StaffApi = ReturnType<typeof createStaffApi>;
