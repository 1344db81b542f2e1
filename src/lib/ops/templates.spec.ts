import { describe, expect, it } from 'vitest';
import { closeOutcomes } from '../domain/lifecycle.ts';
import { categoryTemplates, templateIds, templatesFor } from './templates.ts';

describe('templatesFor', () => {
	it('promises a call in the first answer only when a reporter agreed to be called', () => {
		expect(templatesFor({ action: 'acknowledge', state: 'received', category: 'commotion', group: 'security', consentToCall: true })).toEqual(['acknowledge_call', 'acknowledge_security']);
		expect(templatesFor({ action: 'acknowledge', state: 'received', category: 'commotion', group: 'security', consentToCall: false })).toEqual(['acknowledge_security']);
		expect(templatesFor({ action: 'acknowledge', state: 'received', category: 'bus_stop_damage', group: 'neighbourhood', consentToCall: false })).toEqual(['acknowledge_neighbourhood']);
	});

	it('offers a patrol first for security and a team first for the neighbourhood', () => {
		expect(templatesFor({ action: 'dispatch', state: 'acknowledged', category: 'commotion', group: 'security', consentToCall: false })[0]).toBe('dispatch_patrol');
		expect(templatesFor({ action: 'dispatch', state: 'acknowledged', category: 'bus_stop_damage', group: 'neighbourhood', consentToCall: false })[0]).toBe('dispatch_team');
	});

	it('has a closing message for every outcome', () => {
		for (const outcome of closeOutcomes) {
			const [first] = templatesFor({ action: 'close', state: 'in_progress', category: 'commotion', group: 'security', consentToCall: false, outcome });
			expect(first).toBe(`close_${outcome}`);
			expect(templateIds).toContain(first);
		}
	});

	it('chooses messages by state, and none for a closed incident (no message is allowed there)', () => {
		const message = (state: Parameters<typeof templatesFor>[0]['state'], group: 'security' | 'neighbourhood' = 'security') =>
			templatesFor({ action: 'message', state, category: 'commotion', group, consentToCall: false });
		expect(message('received')).toEqual(['message_more_details', 'message_working']);
		expect(message('in_progress')[0]).toBe('message_on_the_way');
		expect(message('in_progress', 'neighbourhood')[0]).toBe('message_working');
		expect(message('referred')).toEqual(['message_referred']);
		expect(message('closed')).toEqual([]);
	});

	it('names who handles it after a referral, and a reason to reopen', () => {
		expect(templatesFor({ action: 'refer', state: 'acknowledged', category: 'bus_stop_damage', group: 'neighbourhood', consentToCall: false })).toEqual(['refer_handled_by']);
		expect(templatesFor({ action: 'reopen', state: 'closed', category: 'bus_stop_damage', group: 'neighbourhood', consentToCall: false })).toEqual(['reopen_again']);
	});

	it('puts the category’s own template first, per decision, then the group’s; another category gets the group’s', () => {
		const base = { state: 'received' as const, consentToCall: false };
		expect(templatesFor({ ...base, action: 'acknowledge', category: 'robbery', group: 'security' })).toEqual(['cat_crime_acknowledge', 'acknowledge_security']);
		expect(templatesFor({ ...base, action: 'acknowledge', category: 'robbery', group: 'security', consentToCall: true })).toEqual(['acknowledge_call', 'cat_crime_acknowledge', 'acknowledge_security']);
		expect(templatesFor({ ...base, action: 'dispatch', category: 'streetlight_out', group: 'neighbourhood' })).toEqual(['cat_streetlight_dispatch', 'dispatch_team', 'dispatch_patrol']);
		expect(templatesFor({ ...base, action: 'close', category: 'streetlight_out', group: 'neighbourhood', outcome: 'resolved' })).toEqual(['cat_streetlight_close', 'close_resolved']);
		// Another outcome: its own text, whatever the category.
		expect(templatesFor({ ...base, action: 'close', category: 'streetlight_out', group: 'neighbourhood', outcome: 'nothing_found' })).toEqual(['close_nothing_found']);
		expect(templatesFor({ ...base, action: 'refer', category: 'power_outage', group: 'neighbourhood' })).toEqual(['cat_power_refer', 'refer_handled_by']);
		// The same state and group, another category: other templates.
		expect(templatesFor({ ...base, action: 'acknowledge', category: 'missing_manhole_cover', group: 'neighbourhood' })[0]).toBe('cat_manhole_acknowledge');
		expect(templatesFor({ ...base, action: 'acknowledge', category: 'bus_stop_damage', group: 'neighbourhood' })[0]).toBe('acknowledge_neighbourhood');
		expect(templatesFor({ ...base, action: 'acknowledge', category: 'a_municipality_added', group: 'security' })).toEqual(['acknowledge_security']);
		for (const byAction of Object.values(categoryTemplates)) for (const id of Object.values(byAction)) expect(templateIds).toContain(id);
	});
});
