import { m } from '$lib/paraglide/messages.js';
import type { Channel, CloseOutcome } from '$lib/domain/lifecycle.ts';
import type { StaffEventType } from '../contract.ts';
import { channelLabel } from '../labels.ts';

/** The incident page's words for the lifecycle's values, in the operator's language (states and panic statuses: the console's `../labels.ts`). */
export const outcomeLabel = (outcome: CloseOutcome): string =>
	({
		resolved: m.ops_incident_outcome_resolved,
		nothing_found: m.ops_incident_outcome_nothing_found,
		not_located: m.ops_incident_outcome_not_located,
		duplicate: m.ops_incident_outcome_duplicate,
		referred: m.ops_incident_outcome_referred
	})[outcome]();

export const eventLabel = (type: StaffEventType): string =>
	({
		received: m.ops_incident_event_received,
		auto_answer: m.ops_incident_event_auto_answer,
		acknowledged: m.ops_incident_event_acknowledged,
		called: m.ops_incident_event_called,
		dispatched: m.ops_incident_event_dispatched,
		referred: m.ops_incident_event_referred,
		message: m.ops_incident_event_message,
		closed: m.ops_incident_event_closed,
		reopened: m.ops_incident_event_reopened,
		merged: m.ops_incident_event_merged,
		merged_in: m.ops_incident_event_merged_in,
		split: m.ops_incident_event_split,
		note: m.ops_incident_event_note,
		reopen_requested: m.ops_incident_event_reopen_requested,
		entered: m.ops_incident_event_entered
	})[type]();

/** A report's channel, the app included (the queue names only phone and in person). */
export const channelName = (channel: Channel): string => channelLabel(channel) ?? m.ops_incident_channel_app();
