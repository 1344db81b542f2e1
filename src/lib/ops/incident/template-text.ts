import { m } from '$lib/paraglide/messages.js';
import { i18n } from '$lib/i18n/locale.svelte.ts';
import { municipalTemplate } from '$lib/domain/municipality-config.ts';
import type { PublicMunicipality } from '$lib/domain/municipality.ts';
import type { TemplateId } from '../templates.ts';

/**
 * A template's text in the operator's language. `name`: who handles it after a referral.
 * `municipality`: whose own wording (set in Administration → Settings) comes first; the app's
 * (messages/ops-incident) where it has none in this language.
 */
export function templateText(id: TemplateId, params: { name?: string } = {}, municipality?: Pick<PublicMunicipality, 'templates'>): string {
	const name = params.name?.trim() || m.ops_incident_tpl_someone();
	return municipalTemplate(municipality, id, i18n.current, { name }) ?? appWording(id, name);
}

function appWording(id: TemplateId, name: string): string {
	switch (id) {
		case 'acknowledge_call':
			return m.ops_incident_tpl_acknowledge_call();
		case 'acknowledge_security':
			return m.ops_incident_tpl_acknowledge_security();
		case 'acknowledge_neighbourhood':
			return m.ops_incident_tpl_acknowledge_neighbourhood();
		case 'dispatch_patrol':
			return m.ops_incident_tpl_dispatch_patrol();
		case 'dispatch_team':
			return m.ops_incident_tpl_dispatch_team();
		case 'refer_handled_by':
			return m.ops_incident_tpl_refer_handled_by({ name });
		case 'close_resolved':
			return m.ops_incident_tpl_close_resolved();
		case 'close_nothing_found':
			return m.ops_incident_tpl_close_nothing_found();
		case 'close_not_located':
			return m.ops_incident_tpl_close_not_located();
		case 'close_duplicate':
			return m.ops_incident_tpl_close_duplicate();
		case 'close_referred':
			return m.ops_incident_tpl_close_referred({ name });
		case 'reopen_again':
			return m.ops_incident_tpl_reopen_again();
		case 'message_more_details':
			return m.ops_incident_tpl_message_more_details();
		case 'message_working':
			return m.ops_incident_tpl_message_working();
		case 'message_on_the_way':
			return m.ops_incident_tpl_message_on_the_way();
		case 'message_referred':
			return m.ops_incident_tpl_message_referred({ name });
		case 'cat_crime_acknowledge':
			return m.ops_incident_tpl_cat_crime_acknowledge();
		case 'cat_accident_acknowledge':
			return m.ops_incident_tpl_cat_accident_acknowledge();
		case 'cat_manhole_acknowledge':
			return m.ops_incident_tpl_cat_manhole_acknowledge();
		case 'cat_vehicle_acknowledge':
			return m.ops_incident_tpl_cat_vehicle_acknowledge();
		case 'cat_streetlight_dispatch':
			return m.ops_incident_tpl_cat_streetlight_dispatch();
		case 'cat_rubbish_dispatch':
			return m.ops_incident_tpl_cat_rubbish_dispatch();
		case 'cat_manhole_dispatch':
			return m.ops_incident_tpl_cat_manhole_dispatch();
		case 'cat_streetlight_close':
			return m.ops_incident_tpl_cat_streetlight_close();
		case 'cat_rubbish_close':
			return m.ops_incident_tpl_cat_rubbish_close();
		case 'cat_power_refer':
			return m.ops_incident_tpl_cat_power_refer({ name });
	}
}

/** A template's short name, for the picker. */
export function templateName(id: TemplateId): string {
	return {
		acknowledge_call: m.ops_incident_tplname_acknowledge_call,
		acknowledge_security: m.ops_incident_tplname_acknowledge_security,
		acknowledge_neighbourhood: m.ops_incident_tplname_acknowledge_neighbourhood,
		dispatch_patrol: m.ops_incident_tplname_dispatch_patrol,
		dispatch_team: m.ops_incident_tplname_dispatch_team,
		refer_handled_by: m.ops_incident_tplname_refer_handled_by,
		close_resolved: m.ops_incident_tplname_close,
		close_nothing_found: m.ops_incident_tplname_close,
		close_not_located: m.ops_incident_tplname_close,
		close_duplicate: m.ops_incident_tplname_close,
		close_referred: m.ops_incident_tplname_close,
		reopen_again: m.ops_incident_tplname_reopen_again,
		message_more_details: m.ops_incident_tplname_message_more_details,
		message_working: m.ops_incident_tplname_message_working,
		message_on_the_way: m.ops_incident_tplname_message_on_the_way,
		message_referred: m.ops_incident_tplname_message_referred,
		cat_crime_acknowledge: m.ops_incident_tplname_cat_crime_acknowledge,
		cat_accident_acknowledge: m.ops_incident_tplname_cat_accident_acknowledge,
		cat_manhole_acknowledge: m.ops_incident_tplname_cat_manhole_acknowledge,
		cat_vehicle_acknowledge: m.ops_incident_tplname_cat_vehicle_acknowledge,
		cat_streetlight_dispatch: m.ops_incident_tplname_cat_streetlight_dispatch,
		cat_rubbish_dispatch: m.ops_incident_tplname_cat_rubbish_dispatch,
		cat_manhole_dispatch: m.ops_incident_tplname_cat_manhole_dispatch,
		cat_streetlight_close: m.ops_incident_tplname_cat_streetlight_close,
		cat_rubbish_close: m.ops_incident_tplname_cat_rubbish_close,
		cat_power_refer: m.ops_incident_tplname_cat_power_refer
	}[id]();
}
