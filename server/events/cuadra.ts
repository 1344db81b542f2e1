import type { PublicReport } from '../../src/lib/domain/report.ts';
import type { PanicRow } from '../emergency/repository.ts';
import type { EventBus } from './bus.ts';
import type { IncidentState } from '../../src/lib/domain/lifecycle.ts';
import type { PanicStatusName } from '../../src/lib/ops/contract.ts';
import type { ModeratedItem, ModerationReason } from '../../src/lib/domain/moderation.ts';

/** Every event Cuadra publishes after commit, by name. */
export interface CuadraEvents {
	/** A report was accepted (`created`), or sent again and answered with its first receipt. */
	'report.accepted': { report: PublicReport; created: boolean };
	/**
	 * An incident changed (issue 15): a decision, a note, a merge or split, a report joining it. The
	 * operators' console stream and the feed listen. `actorId` null: the server (a resident's report, the automatic answer).
	 */
	'incident.changed': { incidentId: string; municipalityId: string; action: string; state: IncidentState; version: number; actorId: string | null };
	/** An operator acknowledged, dispatched or closed a panic alert. */
	'panic.changed': { alertId: string; municipalityId: string; status: PanicStatusName; version: number; actorId: string };
	/** A new panic alert, with the residents linked to its sender, whose open apps should show it. */
	'panic.raised': { alert: PanicRow; watchers: string[] };
	/** A session ended (sign-out, password change or reset, removal, account deletion, or deleted by another process): its sockets close. */
	'session.revoked': { sessionHash: string };
	/** Staff hid, dismissed or restored an item (recorded in moderation_decision): a message's thread follows. */
	'moderation.decided': { item: ModeratedItem; itemKey: string; municipalityId: string; action: 'hidden' | 'dismissed' | 'restored'; actorId: string };
	/** Staff limited a resident's writing in a municipality's threads (`until`), or an admin lifted it (`until` null): every process's gate follows. */
	'moderation.limited': { userId: string; municipalityId: string; until: string | null; reason: ModerationReason | null; actorId: string };
	/** A staff account was added, lost a role, or had its password reset or changed (recorded in staff_audit). */
	'staff.changed': { userId: string; change: 'added' | 'removed' | 'password_reset' | 'own_password'; municipalityId: string | null };
}

export type Events = EventBus<CuadraEvents>;
