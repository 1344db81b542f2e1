import { describe, expect, it } from 'vitest';
import { closeOutcomes } from '../domain/lifecycle.ts';
import { templateIds, templatesFor } from './templates.ts';

describe('templatesFor', () => {
	it('promises a call in the first answer only when a reporter agreed to be called', () => {
		expect(templatesFor({ action: 'acknowledge', state: 'received', group: 'security', consentToCall: true })).toEqual(['acknowledge_call', 'acknowledge_security']);
		expect(templatesFor({ action: 'acknowledge', state: 'received', group: 'security', consentToCall: false })).toEqual(['acknowledge_security']);
		expect(templatesFor({ action: 'acknowledge', state: 'received', group: 'neighbourhood', consentToCall: false })).toEqual(['acknowledge_neighbourhood']);
	});

	it('offers a patrol first for security and a team first for the neighbourhood', () => {
		expect(templatesFor({ action: 'dispatch', state: 'acknowledged', group: 'security', consentToCall: false })[0]).toBe('dispatch_patrol');
		expect(templatesFor({ action: 'dispatch', state: 'acknowledged', group: 'neighbourhood', consentToCall: false })[0]).toBe('dispatch_team');
	});

	it('has a closing message for every outcome', () => {
		for (const outcome of closeOutcomes) {
			const [first] = templatesFor({ action: 'close', state: 'in_progress', group: 'security', consentToCall: false, outcome });
			expect(first).toBe(`close_${outcome}`);
			expect(templateIds).toContain(first);
		}
	});

	it('chooses messages by state, and none for a closed incident (no message is allowed there)', () => {
		const message = (state: Parameters<typeof templatesFor>[0]['state'], group: 'security' | 'neighbourhood' = 'security') =>
			templatesFor({ action: 'message', state, group, consentToCall: false });
		expect(message('received')).toEqual(['message_more_details', 'message_working']);
		expect(message('in_progress')[0]).toBe('message_on_the_way');
		expect(message('in_progress', 'neighbourhood')[0]).toBe('message_working');
		expect(message('referred')).toEqual(['message_referred']);
		expect(message('closed')).toEqual([]);
	});

	it('names who handles it after a referral, and a reason to reopen', () => {
		expect(templatesFor({ action: 'refer', state: 'acknowledged', group: 'neighbourhood', consentToCall: false })).toEqual(['refer_handled_by']);
		expect(templatesFor({ action: 'reopen', state: 'closed', group: 'neighbourhood', consentToCall: false })).toEqual(['reopen_again']);
	});
});
