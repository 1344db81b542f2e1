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
	status: 'received' | 'acknowledged' | 'closed';
	status_at: string;
	pseudonym: string | null;
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

/** An operator's decision on an incident, kept for accountability (migration 0012). */
export interface IncidentDecisionTable {
	id: string;
	incident_id: string;
	status: 'acknowledged' | 'closed';
	message: string | null;
	by_user: string | null;
	created_at: string;
}

export type ReportTables = {
	incident_decision: IncidentDecisionTable;
	incident: IncidentTable;
	report: ReportTable;
	report_private: ReportPrivateTable;
	report_photo: ReportPhotoTable;
};

/** The store with the reports' tables; kept here so the feature's schema lives beside its code. */
export const reportsStore = (db: Db) => db.withTables<ReportTables>();
export type ReportsDb = ReturnType<typeof reportsStore>;
