import { z } from 'zod';

export const MAX_CONTACTS = 10;

/** Error codes the form turns into plain-language messages. */
export type ContactProblem = 'name_missing' | 'name_too_long' | 'phone_missing' | 'phone_invalid' | 'too_many';

const phoneDigits = (value: string) => value.replace(/[^0-9]/g, '');

/** A phone number as a person types it: digits with spaces, dashes, dots or brackets, maybe a leading +. */
export const contactInputSchema = z.object({
	name: z.string().trim().min(1, 'name_missing').max(60, 'name_too_long'),
	phone: z
		.string()
		.trim()
		.min(1, 'phone_missing')
		.regex(/^\+?[0-9 ().-]+$/, 'phone_invalid')
		.refine((v) => phoneDigits(v).length >= 8 && phoneDigits(v).length <= 15, 'phone_invalid')
});
export type ContactInput = z.input<typeof contactInputSchema>;

export interface Contact {
	id: string;
	name: string;
	/** As the person typed it (trimmed), for display. */
	phone: string;
	/** For sms: and tel: URIs: digits and a leading plus. */
	dial: string;
	createdAt: string;
	/** Order on the list. */
	position: number;
}

export type ContactValidation =
	| { ok: true; value: { name: string; phone: string; dial: string } }
	| { ok: false; problems: Partial<Record<'name' | 'phone', ContactProblem>> };

/** Normalises a typed number for dialling: `+56 9 1234-5678` → `+56912345678`. */
export function dialable(phone: string): string {
	const trimmed = phone.trim();
	return `${trimmed.startsWith('+') ? '+' : ''}${phoneDigits(trimmed)}`;
}

export function validateContact(input: ContactInput): ContactValidation {
	const parsed = contactInputSchema.safeParse(input);
	if (!parsed.success) {
		const problems: Partial<Record<'name' | 'phone', ContactProblem>> = {};
		for (const issue of parsed.error.issues) {
			const field = issue.path[0];
			if ((field === 'name' || field === 'phone') && !problems[field]) problems[field] = issue.message as ContactProblem;
		}
		return { ok: false, problems };
	}
	return { ok: true, value: { ...parsed.data, dial: dialable(parsed.data.phone) } };
}

/** Stored records are checked when read, so a damaged entry is left out rather than breaking the screen. */
export const storedContactSchema = z.object({
	id: z.string().min(1),
	name: z.string().min(1).max(60),
	phone: z.string().min(1),
	dial: z.string().regex(/^\+?[0-9]{8,15}$/),
	createdAt: z.string(),
	position: z.number()
});
