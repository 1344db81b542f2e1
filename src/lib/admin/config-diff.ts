import { m } from '$lib/paraglide/messages.js';

/** The configuration's parts, in the order the settings screen shows them, with their names in words. */
const fields = {
	name: () => m.admin_boundary_field_name(),
	boundary: () => m.admin_boundary_field_boundary(),
	securityLine: () => m.admin_boundary_field_securityLine(),
	numbers: () => m.admin_boundary_field_numbers(),
	serviceHours: () => m.admin_boundary_field_serviceHours(),
	categories: () => m.admin_boundary_field_categories(),
	autoAnswer: () => m.admin_boundary_field_autoAnswer(),
	templates: () => m.admin_boundary_field_templates(),
	alertAreas: () => m.admin_boundary_field_alertAreas(),
	population: () => m.admin_boundary_field_population()
} as const;

/** Which parts of the configuration a change replaced (top level; any part unknown to this version by its key). */
export function changedParts(previous: Record<string, unknown> | null, config: Record<string, unknown>): string[] {
	if (!previous) return [];
	const keys = [...new Set([...Object.keys(fields), ...Object.keys(previous), ...Object.keys(config)])];
	return keys.filter((key) => JSON.stringify(previous[key]) !== JSON.stringify(config[key]));
}

export const partLabel = (key: string): string => (key in fields ? fields[key as keyof typeof fields]() : key);
