import { phoneSchema } from '$lib/domain/report.ts';

/** What is wrong with the number to call, if anything: none is needed when the resident does not want a call. Pure. */
export function phoneProblem(consent: boolean, phone: string): 'missing' | 'invalid' | null {
	if (!consent) return null;
	if (!phone.trim()) return 'missing';
	return phoneSchema.safeParse(phone).success ? null : 'invalid';
}

/** The report input's private call-me fields: the number travels only with consent. */
export function callMeFields(consent: boolean, phone: string): { consentToCall: boolean; phone?: string } {
	return consent ? { consentToCall: true, phone: phone.trim() } : { consentToCall: false };
}
