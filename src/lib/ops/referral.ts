import { referralSchema, type Referral } from '../domain/lifecycle.ts';

/**
 * The body a category names as handling it (`handledBy`, e.g. "Carabineros (133)" or
 * "Enel (600 696 0000)") as a referral: the name, and the phone number written in brackets when
 * there is one. Null when the text is not a valid name. Pure.
 */
export function referralFromHandledBy(handledBy: string | null | undefined): Referral | null {
	const text = handledBy?.trim();
	if (!text) return null;
	const match = /^(.*?)\s*\(([+0-9 ()-]{3,20})\)\s*$/.exec(text);
	const candidate = match?.[1] && match[2] ? { name: match[1], phone: match[2].trim() } : { name: text };
	const parsed = referralSchema.safeParse(candidate);
	if (parsed.success) return parsed.data;
	const named = referralSchema.safeParse({ name: text });
	return named.success ? named.data : null;
}
