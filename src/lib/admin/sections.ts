import { m } from '$lib/paraglide/messages.js';

/** The admin screens of the console (issue 17, item 3), in the order the admin area lists them. */
export const adminSections = [
	{ path: '/ops/admin/settings', title: () => m.admin_settings_title(), summary: () => m.admin_settings_summary() },
	{ path: '/ops/admin/boundary', title: () => m.admin_boundary_title(), summary: () => m.admin_boundary_summary() },
	{ path: '/ops/admin/staff', title: () => m.admin_staff_title(), summary: () => m.admin_staff_summary() },
	{ path: '/ops/admin/organisations', title: () => m.admin_staff_orgs_title(), summary: () => m.admin_staff_orgs_summary() },
	{ path: '/ops/admin/changes', title: () => m.admin_boundary_changes_title(), summary: () => m.admin_boundary_changes_summary() },
	{ path: '/ops/admin/audit', title: () => m.audit_title(), summary: () => m.audit_summary() }
] as const;

export type AdminPath = (typeof adminSections)[number]['path'];
