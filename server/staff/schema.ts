import { z } from 'zod';
import { displayNameSchema } from '../auth/display-name.ts';
import { staffRoles } from '../../src/lib/domain/staff.ts';

/**
 * Staff sign in with their username, trimmed and lowercased as typed (server/auth/routes.ts), so a
 * username is kept to characters that are typed the same way everywhere, like the demo seed's
 * `operator@providencia`: 3 to 100 (the sign-in form's limit) lowercase letters, digits and `. _ - @`.
 */
export const usernameSchema = z
	.string()
	.regex(/^[a-z0-9][a-z0-9._@-]{2,99}$/, 'must be 3 to 100 lowercase letters, digits and . _ - @, starting with a letter or digit (e.g. maria@providencia)');

/** Municipality ids as the demo seed writes them. */
export const municipalityIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a municipality id such as providencia');

/** The roles this module gives and takes (src/lib/domain/staff.ts); residents are never made here. */
export const staffRoleSchema = z.enum(staffRoles);
/** Every role an account of kind `staff` may hold. */
export const STAFF_ROLES: readonly StaffRole[] = staffRoleSchema.options;
export type StaffRole = z.infer<typeof staffRoleSchema>;

export const newStaffSchema = z.strictObject({
	username: usernameSchema,
	municipalityId: municipalityIdSchema,
	role: staffRoleSchema,
	displayName: displayNameSchema.optional()
});
export type NewStaff = z.infer<typeof newStaffSchema>;

/** Removing someone, or resetting their password, must be meant: `{ "confirm": true }`. */
export const confirmSchema = z.strictObject({ confirm: z.literal(true) });
