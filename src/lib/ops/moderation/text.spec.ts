import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime.js';
import { OpsApiError } from '$lib/ops/api.ts';
import { doneText, headingText, loadErrorText, placeholderText, reasonLabel, reasonsSummary, refusalText } from './text.ts';

beforeAll(() => overwriteGetLocale(() => 'en'));
afterAll(() => overwriteGetLocale(() => 'es-CL'));

describe('what the moderation page says', () => {
	it('heads each card with what it is and how often it was flagged', () => {
		const message = { kind: 'message', thread: 'incident:i1', id: 'm1' } as const;
		expect(headingText({ item: message, status: 'open', flags: 1 })).toBe('Message, flagged once');
		expect(headingText({ item: { kind: 'report', id: 'r1' }, status: 'open', flags: 4 })).toBe('Report, flagged 4 times');
		expect(headingText({ item: message, status: 'hidden', flags: 0 })).toBe('Hidden message');
	});

	it('names the counts per reason in words, most first', () => {
		expect(reasonsSummary({ abuse: 1, personal_data: 2 })).toBe('Personal data (2), Abuse (1)');
		expect(reasonsSummary({})).toBe('');
	});

	it('says what residents read in place of a hidden message', () => {
		expect(placeholderText('looks')).toBe("Hidden by the municipality: a description of someone's looks");
		expect(doneText({ action: 'hidden', reason: 'abuse' })).toBe('Hidden. Residents now read: Hidden by the municipality: abuse.');
		expect(doneText({ action: 'dismissed' })).toBe('Dismissed.');
		expect(doneText({ action: 'restored' })).toBe('Restored.');
		expect(doneText({ action: 'limited', until: '2026-12-12T15:30:00.000Z' }, 'en')).toBe(`The author cannot write in the municipality's threads until ${new Date('2026-12-12T15:30:00.000Z').toLocaleString('en', { dateStyle: 'short', timeStyle: 'short' })}.`);
		expect(doneText({ action: 'lifted' })).toBe('Limit lifted: the resident can write again.');
	});

	it('says plainly why a decision was refused', () => {
		expect(refusalText(new OpsApiError(404, 'not_found', 'gone'))).toMatch(/no longer in the thread/);
		expect(refusalText(new OpsApiError(409, 'already_hidden', 'hidden'))).toMatch(/already hidden/);
		expect(refusalText(new OpsApiError(410, 'original_gone', 'gone'))).toMatch(/retention period/);
		expect(refusalText(new OpsApiError(403, 'forbidden', 'no'))).toMatch(/restoring and lifting limits for its admins/);
		expect(refusalText(new OpsApiError(409, 'already_limited', 'limited'))).toMatch(/limited already/);
		expect(refusalText(new OpsApiError(422, 'municipality_message', 'm'))).toMatch(/no resident to limit/);
		expect(refusalText(new OpsApiError(422, 'staff_author', 's'))).toMatch(/Staff are not limited/);
		expect(refusalText(new OpsApiError(409, 'not_in_force', 'ended'))).toMatch(/ended already/);
		expect(refusalText(new OpsApiError(429, 'rate_limited', 'slow'))).toMatch(/Too many/);
		expect(refusalText(new OpsApiError(0, 'network', 'offline'))).toMatch(/Nothing was changed/);
		expect(refusalText(new OpsApiError(400, 'invalid_request', 'bad'))).toMatch(/Check the reason/);
		expect(refusalText(new OpsApiError(500, 'internal', 'bug'))).toMatch(/\(internal\)/);
		expect(refusalText(new Error('?'))).toMatch(/\(unknown\)/);
	});

	it('says who may moderate when the queue is refused, and the server’s words otherwise', () => {
		expect(loadErrorText(new OpsApiError(403, 'forbidden', 'no'))).toBe("Only the municipality's operators and admins moderate here.");
		expect(loadErrorText(new OpsApiError(0, 'network', 'Failed to fetch'))).toMatch(/No connection/);
		expect(loadErrorText(new OpsApiError(500, 'internal', 'Something broke'))).toBe('Could not load the moderation queue: Something broke');
	});

	it('is translated, in tú', () => {
		overwriteGetLocale(() => 'es-CL');
		try {
			expect(reasonLabel('personal_data')).toBe('Datos personales');
			expect(doneText({ action: 'hidden', reason: 'false' })).toBe('Oculto. Los vecinos ahora leen: Oculto por la municipalidad: falso o sin relación.');
		} finally {
			overwriteGetLocale(() => 'en');
		}
	});
});
