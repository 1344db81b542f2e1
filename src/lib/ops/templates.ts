import type { CloseOutcome, IncidentState } from '../domain/lifecycle.ts';

/**
 * Response templates (issue 15): which of the municipality's prepared answers apply to a decision,
 * given the incident's state and category group. Pure: the texts are Paraglide messages in the
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
	'message_referred'
] as const;
export type TemplateId = (typeof templateIds)[number];

/** The decisions that send residents a text, and so have templates. */
export type TemplatedAction = 'acknowledge' | 'dispatch' | 'refer' | 'close' | 'reopen' | 'message';

export interface TemplateContext {
	action: TemplatedAction;
	state: IncidentState;
	group: 'security' | 'neighbourhood';
	/** Whether a reporter of the incident agreed to be called: only then may the answer promise a call. */
	consentToCall: boolean;
	/** For `close`: the outcome chosen. */
	outcome?: CloseOutcome;
}

/** The templates that fit, the best first (the one prefilled). Empty when none fits: the operator types. */
export function templatesFor(context: TemplateContext): TemplateId[] {
	const { action, state, group, consentToCall } = context;
	const byGroup = <T>(security: T, neighbourhood: T): T => (group === 'security' ? security : neighbourhood);
	switch (action) {
		case 'acknowledge': {
			const own = byGroup<TemplateId>('acknowledge_security', 'acknowledge_neighbourhood');
			return consentToCall ? ['acknowledge_call', own] : [own];
		}
		case 'dispatch':
			return byGroup<TemplateId[]>(['dispatch_patrol', 'dispatch_team'], ['dispatch_team', 'dispatch_patrol']);
		case 'refer':
			return ['refer_handled_by'];
		case 'close':
			return [`close_${context.outcome ?? 'resolved'}`];
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
