import type { Role } from '../auth/principal.ts';
import type { Channel } from '../../src/lib/domain/lifecycle.ts';
import { Refusal } from '../http/refusal.ts';

/**
 * The channel of a report entered on someone's behalf (`POST /api/ops/reports`), decided by who
 * enters it: a neighbourhood organisation's account always reports through `organisation`, so its
 * reports count as its own whatever the body says; operators and admins say whether it was phoned
 * in or brought in person, and may not pass a report off as an organisation's. Pure.
 */
export function onBehalfChannel(role: Role | null, asked: Exclude<Channel, 'app'>): Exclude<Channel, 'app'> {
	if (role === 'organisation') return 'organisation';
	if (asked === 'organisation') throw new Refusal(422, 'organisation_channel', "Only a neighbourhood organisation's account enters reports through the organisation channel: say phone or walk_in.");
	return asked;
}
