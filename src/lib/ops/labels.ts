import { m } from '$lib/paraglide/messages.js';
import type { Channel, IncidentState } from '$lib/domain/lifecycle.ts';
import type { PanicStatusName } from './contract.ts';

export function stateLabel(state: IncidentState): string {
	switch (state) {
		case 'received':
			return m.ops_state_received();
		case 'acknowledged':
			return m.ops_state_acknowledged();
		case 'in_progress':
			return m.ops_state_in_progress();
		case 'referred':
			return m.ops_state_referred();
		case 'closed':
			return m.ops_state_closed();
	}
}

export function panicStatusLabel(status: PanicStatusName): string {
	switch (status) {
		case 'open':
			return m.ops_panic_open();
		case 'acknowledged':
			return m.ops_panic_acknowledged();
		case 'dispatched':
			return m.ops_panic_dispatched();
		case 'closed':
			return m.ops_panic_closed();
	}
}

/** Reports phoned in, brought in person or entered by a neighbourhood organisation say so; the app is the usual channel and says nothing. */
export function channelLabel(channel: Channel): string | null {
	if (channel === 'phone') return m.ops_channel_phone();
	if (channel === 'walk_in') return m.ops_channel_walk_in();
	if (channel === 'organisation') return m.admin_staff_orgs_channel();
	return null;
}
