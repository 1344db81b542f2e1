import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { municipalityAt, type LngLat } from '../../src/lib/domain/geo.ts';
import { incidentFor, GROUPING_WINDOW_HOURS, type GroupableReport } from '../../src/lib/domain/incident.ts';
import { boundarySchema } from '../../src/lib/domain/municipality.ts';
import { reportInputSchema, type RefusalCode, type ReportReceipt } from '../../src/lib/domain/report.ts';
import { publicPosition } from '../../src/lib/domain/report-location.ts';
import { toPublicReport } from './public.ts';
import { categoryHiddenAt } from '../municipalities/store.ts';
import type { Channel } from '../../src/lib/domain/lifecycle.ts';
import { reportsStore, type ReportTable } from './schema.ts';

/** A device may have kept a report offline this long; older claimed times are clamped to it. */
export const MAX_OFFLINE_DAYS = 7;

type AcceptRefusalCode = RefusalCode | 'id_taken' | 'other_municipality';
export type AcceptResult =
	| { ok: true; created: boolean; receipt: ReportReceipt }
	| { ok: false; status: number; code: AcceptRefusalCode; message: string };

const refuse = (status: number, code: AcceptRefusalCode, message: string): AcceptResult => ({ ok: false, status, code, message });

/**
 * How a report came in, when not from a resident's app (issue 15): an operator entering a report
 * phoned in or brought in person (`POST /api/ops/reports`). Everything else (grouping, the feed,
 * the documents) is the same as for a resident's report.
 */
export interface AcceptOptions {
	/** `app` unless an operator entered it. */
	channel?: Channel;
	/** The operator who entered it: recorded as an `entered` event of the incident's staff timeline. Never public. */
	enteredBy?: string;
	/** The municipality the report must fall in (the operator's own); another is refused with 422 `other_municipality`. */
	municipality?: string;
}

/** The device's claimed time, kept only within [received − 7 days, received]: never in the future. */
export function clampReportedAt(claimed: string, receivedAt: Date): string {
	const t = Date.parse(claimed);
	const earliest = receivedAt.getTime() - MAX_OFFLINE_DAYS * 86_400_000;
	return new Date(Math.min(receivedAt.getTime(), Math.max(earliest, Number.isFinite(t) ? t : receivedAt.getTime()))).toISOString();
}

/**
 * Accepts one report from a device. Pure of HTTP: identity (`reporterId`, from the server's session,
 * null while accounts are not wired) and time (`now`) come from the server, never from the body.
 * The municipality is decided from the pin. Idempotent on the report's id: sending again returns
 * the first receipt.
 */
export async function acceptReport(db: Db, reporterId: string | null, body: unknown, now: Date = new Date(), options: AcceptOptions = {}): Promise<AcceptResult> {
	const parsed = reportInputSchema.safeParse(body);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		return refuse(400, 'invalid_report', `The report is not valid: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown problem'}.`);
	}
	const input = parsed.data;
	const store = reportsStore(db);

	const already = await existingReceipt(db, input.id, reporterId);
	if (already) return already;

	const municipalities = await store.selectFrom('municipality').select(['id', 'boundary']).execute();
	const located = municipalities.map((m) => ({ id: m.id, boundary: boundarySchema.parse(JSON.parse(m.boundary)) }));
	let municipalityId: string;
	if (input.location.kind === 'point') {
		const found = municipalityAt(located, input.location.point);
		if (!found) return refuse(422, 'outside_municipalities', 'This place is outside every municipality that uses Cuadra. Move the pin to where it happened.');
		municipalityId = found.id;
	} else {
		const chosen = input.location.municipality;
		if (!located.some((m) => m.id === chosen)) return refuse(422, 'unknown_municipality', 'This municipality does not use Cuadra. Choose another one.');
		municipalityId = chosen;
	}
	if (options.municipality !== undefined && options.municipality !== municipalityId) {
		return refuse(422, 'other_municipality', `This place is in ${municipalityId}, not in ${options.municipality}. Enter the report where it happened, or check the place.`);
	}

	const category = await store
		.selectFrom('category')
		.select(['key', 'group', 'hidden', 'handled_by', 'points_at_home'])
		.where('municipality_id', '=', municipalityId)
		.where('key', '=', input.category)
		.executeTakeFirst();
	const receivedAt = now.toISOString();
	const reportedAt = clampReportedAt(input.reportedAt, now);
	// A hidden category may be one the municipality offered until lately: a resident's draft written
	// before the change that hid it still arrives (nothing is lost), marked so the operators choose
	// another. The draft's time is the device's claim (kept within the offline window); the worst a
	// false claim gets is a marked report in a category hidden in the last days. A category hidden
	// from the start, or before the draft was written, is refused. An operator entering a report now
	// sees today's categories, so for them it is refused too.
	const hiddenAt = category?.hidden && !options.enteredBy ? await categoryHiddenAt(db, municipalityId, category.key, new Date(now.getTime() - MAX_OFFLINE_DAYS * 86_400_000).toISOString()) : null;
	const retired = hiddenAt !== null && reportedAt <= hiddenAt;
	if (!category || (category.hidden && !retired)) return refuse(422, 'unknown_category', 'This municipality does not offer this kind of report. Choose another one.');
	if (category.handled_by) return refuse(422, 'category_not_handled', `The municipality does not handle this: contact ${category.handled_by}.`);

	const pin: LngLat | null = input.location.kind === 'point' ? input.location.point : null;
	const atHome = category.points_at_home === 1;
	const shown = pin ? await publicPosition(pin, atHome) : null;

	const row: ReportTable = {
		id: input.id,
		municipality_id: municipalityId,
		incident_id: '',
		category: category.key,
		category_group: category.group,
		description: input.description,
		public_lng: shown?.point[0] ?? null,
		public_lat: shown?.point[1] ?? null,
		coarse: shown?.coarse ? 1 : 0,
		// A place in words is public unless it would point at a home.
		public_place: input.location.kind === 'place' && !atHome ? input.location.text : null,
		photo_ids: JSON.stringify(input.photoIds),
		reported_at: reportedAt,
		received_at: receivedAt,
		status: 'received',
		status_at: receivedAt,
		pseudonym: null,
		channel: options.channel ?? 'app',
		hidden: null
	};

	try {
		await store.transaction().execute(async (tx) => {
			const windowMs = GROUPING_WINDOW_HOURS * 3_600_000;
			const candidates = await tx
				.selectFrom('report')
				.innerJoin('report_private', 'report_private.report_id', 'report.id')
				.innerJoin('incident', 'incident.id', 'report.incident_id')
				.select(['report.incident_id', 'report.category', 'report.category_group', 'report.reported_at', 'report_private.pin_lng', 'report_private.pin_lat', 'incident.status'])
				.where('report.municipality_id', '=', municipalityId)
				.where('report.category_group', '=', category.group)
				.where('report.reported_at', '>=', new Date(Date.parse(reportedAt) - windowMs).toISOString())
				.where('report.reported_at', '<=', new Date(Date.parse(reportedAt) + windowMs).toISOString())
				.execute();
			const groupable: GroupableReport[] = candidates.map((c) => ({
				incidentId: c.incident_id,
				category: c.category,
				group: c.category_group,
				point: c.pin_lng === null || c.pin_lat === null ? null : [c.pin_lng, c.pin_lat],
				reportedAt: c.reported_at,
				open: c.status === 'open'
			}));
			let incidentId = incidentFor({ category: category.key, group: category.group, point: pin, reportedAt }, groupable);
			if (!incidentId) {
				incidentId = randomUUID();
				await tx
					.insertInto('incident')
					.values({ id: incidentId, municipality_id: municipalityId, category_group: category.group, status: 'open', opened_at: receivedAt, closed_at: null, closing_message: null, state: 'received', version: 1, outcome: null, referred_to: null, unit: null, merged_into: null, updated_at: receivedAt })
					.execute();
			}
			row.incident_id = incidentId;
			// Only photos already uploaded (and not someone else's report's) are shown.
			const photos = input.photoIds.length
				? await tx.selectFrom('report_photo').select('id').where('id', 'in', input.photoIds).where('report_id', 'is', null).execute()
				: [];
			const attached = input.photoIds.filter((id) => photos.some((p) => p.id === id));
			row.photo_ids = JSON.stringify(attached);
			await tx.insertInto('report').values(row).execute();
			if (attached.length) await tx.updateTable('report_photo').set({ report_id: row.id }).where('id', 'in', attached).execute();
			const device = input.devicePosition;
			const deviceDiffers = device && pin && (device[0] !== pin[0] || device[1] !== pin[1]);
			await tx
				.insertInto('report_private')
				.values({
					report_id: row.id,
					reporter_id: reporterId,
					pin_lng: pin?.[0] ?? null,
					pin_lat: pin?.[1] ?? null,
					accuracy_metres: input.location.kind === 'point' ? (input.location.accuracyMetres ?? null) : null,
					device_lng: deviceDiffers ? device[0] : null,
					device_lat: deviceDiffers ? device[1] : null,
					place_text: input.location.kind === 'place' ? input.location.text : null,
					consent_to_call: input.consentToCall ? 1 : 0,
					created_at: receivedAt,
					// Only a reporter who may be called leaves a number (the schema requires it then).
					phone: input.consentToCall ? (input.phone ?? null) : null,
					category_retired: retired ? 1 : 0
				})
				.execute();
			if (options.enteredBy) {
				const last = await tx.selectFrom('incident_event').select((eb) => eb.fn.max('seq').as('seq')).where('incident_id', '=', incidentId).executeTakeFirst();
				await tx
					.insertInto('incident_event')
					.values({
						id: randomUUID(),
						incident_id: incidentId,
						seq: Number(last?.seq ?? 0) + 1,
						type: 'entered',
						actor_id: options.enteredBy,
						at: receivedAt,
						visibility: 'staff',
						reason: null,
						public_message: null,
						data: JSON.stringify({ channel: row.channel }),
						report_id: row.id
					})
					.execute();
			}
		});
	} catch (error) {
		// Two sends of one report at the same moment (two tabs, a retry racing the first try):
		// the second insert hits the primary key, and the answer is the first one's receipt.
		const raced = await existingReceipt(db, input.id, reporterId);
		if (raced) return raced;
		throw error;
	}
	return { ok: true, created: true, receipt: receiptOf(row) };
}

async function existingReceipt(db: Db, id: string, reporterId: string | null): Promise<AcceptResult | null> {
	const existing = await reportsStore(db)
		.selectFrom('report')
		.innerJoin('report_private', 'report_private.report_id', 'report.id')
		.selectAll('report')
		.select('report_private.reporter_id')
		.where('report.id', '=', id)
		.executeTakeFirst();
	if (!existing) return null;
	const { reporter_id, ...row } = existing;
	// The same device may retry after its session was renewed, also when it first sent with none; the
	// receipt of someone's report goes to them only: not to another person, nor to a request with no
	// session. They are told only that the id is taken, the same as for any reused id.
	if (reporter_id !== null && reporter_id !== reporterId) {
		return refuse(409, 'id_taken', 'Another report already has this id. Make a new report.');
	}
	return { ok: true, created: false, receipt: receiptOf(row) };
}

function receiptOf(row: ReportTable): ReportReceipt {
	return { id: row.id, status: row.status, municipality: row.municipality_id, incidentId: row.incident_id, receivedAt: row.received_at, report: toPublicReport(row) };
}
