import { z } from 'zod';

/** Optional, never required: how the person wants to be addressed by their municipality (a resident's profile, a staff account). */
export const displayNameSchema = z.string().trim().min(1).max(60).regex(/^[^<>]*$/, 'must not contain < or >');
