import type { CloseOutcome, IncidentState } from '../domain/lifecycle.ts';

/**
 * Response templates (issue 15): which of the municipality's prepared answers apply to a decision,
 * given the incident's state, its category and the category's group. Pure: the texts are Paraglide messages in the
 * operator's language (`template-text.ts`); the operator edits the chosen one before sending.
 */
export const templateIds = [
	'acknowledge_call',
	'acknowledge_security',
	'acknowledge_neighbourhood',
	'dispatch_patrol',
	'dispatch_team',
	'refer_handled_by',
	'close_resolved',
	'close_nothing_found',
	'close_not_located',
	'close_duplicate',
	'close_referred',
	'reopen_again',
	'message_more_details',
	'message_working',
	'message_on_the_way',
	'message_referred',
	'cat_crime_acknowledge',
	'cat_accident_acknowledge',
	'cat_manhole_acknowledge',
	'cat_vehicle_acknowledge',
	'cat_streetlight_dispatch',
	'cat_rubbish_dispatch',
	'cat_manhole_dispatch',
	'cat_streetlight_close',
	'cat_rubbish_close',
	'cat_power_refer'
] as const;
export type TemplateId = (typeof templateIds)[number];

/** The decisions that send residents a text, and so have templates. */
export type TemplatedAction = 'acknowledge' | 'dispatch' | 'refer' | 'close' | 'reopen' | 'message';

/**
 * The templates written for one category of the default catalogue (server/seed/catalogue.ts), by
 * decision; they come before the group's own. A category with none here (one a municipality added)
 * gets its group's. For `close`, only the `resolved` outcome has category texts.
 */
export const categoryTemplates: Readonly<Record<string, Partial<Record<'acknowledge' | 'dispatch' | 'refer' | 'close', TemplateId>>>> = {
	robbery: { acknowledge: 'cat_crime_acknowledge' },
	vehicle_theft: { acknowledge: 'cat_crime_acknowledge' },
	home_burglary: { acknowledge: 'cat_crime_acknowledge' },
	accident: { acknowledge: 'cat_accident_acknowledge' },
	missing_manhole_cover: { acknowledge: 'cat_manhole_acknowledge', dispatch: 'cat_manhole_dispatch' },
	abandoned_vehicle: { acknowledge: 'cat_vehicle_acknowledge' },
	streetlight_out: { dispatch: 'cat_streetlight_dispatch', close: 'cat_streetlight_close' },
	dumped_rubbish: { dispatch: 'cat_rubbish_dispatch', close: 'cat_rubbish_close' },
	power_outage: { refer: 'cat_power_refer' }
};

export interface TemplateContext {
	action: TemplatedAction;
	state: IncidentState;
	/** The incident's category (its first report's). */
	category: string;
	group: 'security' | 'neighbourhood';
	/** Whether a reporter of the incident agreed to be called: only then may the answer promise a call. */
	consentToCall: boolean;
	/** For `close`: the outcome chosen. */
	outcome?: CloseOutcome;
}

/**
 * The templates that fit, the best first (the one prefilled): the category's own, then the group's.
 * A promise to call comes first only when a reporter agreed to be called. Empty when none fits: the
 * operator types.
 */
export function templatesFor(context: TemplateContext): TemplateId[] {
	const { action, state, group, consentToCall } = context;
	const byGroup = <T>(security: T, neighbourhood: T): T => (group === 'security' ? security : neighbourhood);
	const own = categoryTemplates[context.category] ?? {};
	const withOwn = (key: 'acknowledge' | 'dispatch' | 'refer' | 'close', rest: TemplateId[]): TemplateId[] => {
		const mine = own[key];
		return mine ? [mine, ...rest] : rest;
	};
	switch (action) {
		case 'acknowledge': {
			const general = withOwn('acknowledge', [byGroup<TemplateId>('acknowledge_security', 'acknowledge_neighbourhood')]);
			return consentToCall ? ['acknowledge_call', ...general] : general;
		}
		case 'dispatch':
			return withOwn('dispatch', byGroup<TemplateId[]>(['dispatch_patrol', 'dispatch_team'], ['dispatch_team', 'dispatch_patrol']));
		case 'refer':
			return withOwn('refer', ['refer_handled_by']);
		case 'close': {
			const outcome = context.outcome ?? 'resolved';
			return outcome === 'resolved' ? withOwn('close', ['close_resolved']) : [`close_${outcome}`];
		}
		case 'reopen':
			return ['reopen_again'];
		case 'message':
			switch (state) {
				case 'received':
				case 'acknowledged':
					return ['message_more_details', 'message_working'];
				case 'in_progress':
					return byGroup<TemplateId[]>(['message_on_the_way', 'message_more_details'], ['message_working', 'message_more_details']);
				case 'referred':
					return ['message_referred'];
				case 'closed':
					return [];
			}
	}
}
