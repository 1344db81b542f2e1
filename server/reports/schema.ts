import type { Channel, CloseOutcome, IncidentState } from '../../src/lib/domain/lifecycle.ts';
import type { Db } from '../db/index.ts';

/** Public: what any resident of the municipality may see. */
export interface IncidentTable {
	id: string;
	municipality_id: string;
	category_group: 'security' | 'neighbourhood';
	status: 'open' | 'closed';
	opened_at: string;
	closed_at: string | null;
	closing_message: string | null;
	/** The lifecycle (migration 0013, src/lib/domain/lifecycle.ts); `status` stays open/closed for grouping. */
	state: IncidentState;
	/** Bumped by every decision: a decision on a stale view is refused. */
	version: number;
	outcome: CloseOutcome | null;
	/** JSON `Referral`. */
	referred_to: string | null;
	unit: string | null;
	merged_into: string | null;
	updated_at: string | null;
}

/** Public content of one report. Holds no reporter, no exact pin for home categories. */
export interface ReportTable {
	id: string;
	municipality_id: string;
	incident_id: string;
	category: string;
	category_group: 'security' | 'neighbourhood';
	description: string;
	public_lng: number | null;
	public_lat: number | null;
	coarse: number;
	public_place: string | null;
	/** JSON array of photo ids. */
	photo_ids: string;
	reported_at: string;
	received_at: string;
	/** The incident's lifecycle state, the report's public status. */
	status: IncidentState;
	status_at: string;
	pseudonym: string | null;
	channel: Channel;
	/** What the public reads in place of hidden parts (`ReportHidden` JSON, migration 0043); null: nothing hidden. */
	hidden: string | null;
}

/** Private: operators of the report's municipality only. See docs/data-register.md. */
export interface ReportPrivateTable {
	report_id: string;
	reporter_id: string | null;
	pin_lng: number | null;
	pin_lat: number | null;
	accuracy_metres: number | null;
	device_lng: number | null;
	device_lat: number | null;
	place_text: string | null;
	consent_to_call: number;
	created_at: string;
	/** Only when the reporter agreed to be called (migration 0013). */
	phone: string | null;
	/**
	 * 1 when the report came with a category its municipality had hidden by then (a draft made
	 * offline before the change; migration 0015): accepted, and its operators are told to choose another.
	 */
	category_retired: number;
}

/** A photo, uploaded before its report; attached (report_id set) when the report is accepted. */
export interface ReportPhotoTable {
	id: string;
	report_id: string | null;
	uploader_id: string | null;
	bytes: Uint8Array;
	size: number;
	created_at: string;
}

/**
 * The timeline of an incident (migration 0013): every decision, who made it (`actor_id`, null for
 * the server), when, why (`reason`, staff only), what the public reads (`public_message`).
 * Internal notes are events with `visibility: 'staff'`. `seq` orders them within the incident.
 */
export interface IncidentEventTable {
	id: string;
	incident_id: string;
	seq: number;
	type: string;
	actor_id: string | null;
	at: string;
	visibility: 'public' | 'staff';
	reason: string | null;
	public_message: string | null;
	/** JSON of the action's details. */
	data: string | null;
	report_id: string | null;
}

export type ReportTables = {
	incident_event: IncidentEventTable;
	incident: IncidentTable;
	report: ReportTable;
	report_private: ReportPrivateTable;
	report_photo: ReportPhotoTable;
};

/** The store with the reports' tables; kept here so the feature's schema lives beside its code. */
export const reportsStore = (db: Db) => db.withTables<ReportTables>();
export type ReportsDb = ReturnType<typeof reportsStore>;
