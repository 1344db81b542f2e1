import { z } from 'zod';
import { incidentStateSchema } from './lifecycle.ts';
import { reportHiddenSchema } from './moderation.ts';

/** The longest description a resident may write: short enough to read aloud on a phone call. */
export const REPORT_DESCRIPTION_MAX = 500;
/** At most this many photos per report. */
export const REPORT_PHOTOS_MAX = 3;

const lng = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);
/** [longitude, latitude], as in GeoJSON. */
export const lngLatSchema = z.tuple([lng, lat]);

/**
 * Where the report is. Either a point (from GPS or a pin dragged on the map), or, when there is no
 * map or GPS and for screen-reader users, a place described in words inside a chosen municipality.
 */
export const reportLocationSchema = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('point'),
		point: lngLatSchema,
		source: z.enum(['gps', 'map']),
		/** GPS accuracy radius in metres, when the position came from GPS. */
		accuracyMetres: z.number().nonnegative().max(100_000).optional()
	}),
	z.object({
		kind: z.literal('place'),
		text: z.string().trim().min(3).max(200),
		/** The only case where the resident says which municipality: a typed place cannot be placed. */
		municipality: z.string().min(1).max(64)
	})
]);
export type ReportLocation = z.infer<typeof reportLocationSchema>;

/** A phone number as people type it: digits, spaces, brackets and dashes, an optional leading +. */
export const phoneSchema = z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/, 'Write a phone number of 6 to 20 digits (spaces, dashes and a leading + are fine).');

/** What a device sends in `POST /api/reports`. The server decides municipality and time. */
export const reportInputObject = z.object({
	/** Generated on the device; also the idempotency key of the outbox. */
	id: z.uuid(),
	category: z.string().min(1).max(64),
	description: z.string().trim().max(REPORT_DESCRIPTION_MAX),
	location: reportLocationSchema,
	/** The device's own position when it differs from the pin: private, for operators only. */
	devicePosition: lngLatSchema.optional(),
	/** May an operator phone the reporter? Private. */
	consentToCall: z.boolean(),
	/** The number to call: required when `consentToCall`, kept (private, in `report_private`) only then. */
	phone: phoneSchema.optional(),
	/** When the resident pressed send, by the device's clock. Only a hint: the server clamps it. */
	reportedAt: z.iso.datetime({ offset: true }),
	photoIds: z.array(z.uuid()).max(REPORT_PHOTOS_MAX).default([])
});
export const PHONE_REQUIRED_MESSAGE = 'Give a phone number so the municipality can call you, or say it may not call you.';
/** `reportInputObject`, with its one rule across fields: a reporter who may be called gives the number. */
export const reportInputSchema = reportInputObject.refine((input) => !input.consentToCall || input.phone !== undefined, { path: ['phone'], message: PHONE_REQUIRED_MESSAGE });
export type ReportInput = z.input<typeof reportInputSchema>;
export type ParsedReportInput = z.output<typeof reportInputSchema>;

/** Why the server refused a report; the device keeps it as a draft and shows the reason. */
export const refusalCodes = ['outside_municipalities', 'unknown_category', 'category_not_handled', 'unknown_municipality', 'invalid_report'] as const;
export type RefusalCode = (typeof refusalCodes)[number];
export const isRefusalCode = (code: unknown): code is RefusalCode => refusalCodes.includes(code as RefusalCode);

/**
 * A report's public status: its incident's lifecycle state (src/lib/domain/lifecycle.ts), which
 * every report of the incident shares. The feed and the reporter's device read it.
 */
export const reportStatusSchema = incidentStateSchema;
export type ReportStatus = z.infer<typeof reportStatusSchema>;

/**
 * A report as any resident may see it. Never holds who reported, their phone, the device's position
 * or, for categories that point at a home, the exact pin.
 */
export const publicReportSchema = z.object({
	id: z.uuid(),
	incidentId: z.string().min(1),
	municipality: z.string().min(1),
	category: z.string().min(1),
	group: z.enum(['security', 'neighbourhood']),
	description: z.string().max(REPORT_DESCRIPTION_MAX),
	/** Null when the place was only described in words. */
	point: lngLatSchema.nullable(),
	/** True when `point` is the centre of a coarse cell, not the pin. */
	coarse: z.boolean(),
	place: z.string().nullable(),
	photoIds: z.array(z.string()),
	/** When the event was reported (device time clamped by the server). */
	reportedAt: z.string(),
	/** When the server received it. */
	receivedAt: z.string(),
	status: reportStatusSchema,
	statusAt: z.string(),
	closingMessage: z.string().nullable(),
	/** Parts the municipality hid (issue 16): why, in their place; absent while nothing is hidden. */
	hidden: reportHiddenSchema.optional()
});
export type PublicReport = z.infer<typeof publicReportSchema>;

/** `GET /api/reports?municipality=`: the interim feed until it is delivered over the sync server. */
export const reportFeedSchema = z.object({
	municipality: z.string(),
	staleAfterHours: z.number().positive(),
	/** Categories that point at a home: the public sees only a coarse position (shown before sending). */
	coarseCategories: z.array(z.string()).default([]),
	reports: z.array(publicReportSchema)
});
export type ReportFeed = z.infer<typeof reportFeedSchema>;

/** `POST /api/reports` answers this when the report is accepted (also when it already was). */
export const reportReceiptSchema = z.object({
	id: z.uuid(),
	status: reportStatusSchema,
	municipality: z.string(),
	incidentId: z.string(),
	receivedAt: z.string(),
	report: publicReportSchema
});
export type ReportReceipt = z.infer<typeof reportReceiptSchema>;
