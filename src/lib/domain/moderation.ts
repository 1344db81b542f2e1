import { z } from 'zod';

/**
 * Moderation (issue 16, docs/moderation.md): residents flag a message or a report with a reason;
 * staff hide a message with a reason (everyone then reads "Hidden by the municipality: <reason>" in
 * its place) or dismiss the flags; an admin restores what was hidden, with a reason. Pure: shared
 * by the server, which decides, the console, which offers the decisions, and the resident's app.
 */
export const moderationReasons = ['personal_data', 'looks', 'abuse', 'false', 'other'] as const;
export const moderationReasonSchema = z.enum(moderationReasons);
export type ModerationReason = z.infer<typeof moderationReasonSchema>;

const itemId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an id');
/** A thread's document: an incident's (`incident:<id>`) or a report's older one (`report:<id>`). */
export const threadRoomSchema = z.string().regex(/^(incident|report):[A-Za-z0-9_-]{1,64}$/, 'must be a thread, incident:<id> or report:<id>');

const messageItem = z.strictObject({ kind: z.literal('message'), thread: threadRoomSchema, id: itemId });
/** A report's description, which staff may hide (flags are on the report). */
const descriptionItem = z.strictObject({ kind: z.literal('description'), report: itemId });
/** One photo of a report (`id`, the photo's), which staff may hide. */
const photoItem = z.strictObject({ kind: z.literal('photo'), report: itemId, id: itemId });

/** What a flag or a decision is about: one message of a thread, a report, or a part of a report (its description, a photo). */
export const moderatedItemSchema = z.discriminatedUnion('kind', [messageItem, z.strictObject({ kind: z.literal('report'), id: itemId }), descriptionItem, photoItem]);
export type ModeratedItem = z.infer<typeof moderatedItemSchema>;

export const FLAG_NOTE_MAX = 300;
const note = z.string().trim().max(FLAG_NOTE_MAX);

/** `POST /api/moderation/flags`: a resident flags an item. "Other" needs a note saying what is wrong. */
export const flagInputSchema = z
	.strictObject({ item: moderatedItemSchema, reason: moderationReasonSchema, note: note.optional() })
	.refine((flag) => flag.reason !== 'other' || (flag.note ?? '') !== '', { path: ['note'], message: 'say what is wrong when the reason is "other"' });
export type FlagInput = z.infer<typeof flagInputSchema>;

/** `POST /api/moderation/flags` → 202: `counted` false when this person had flagged it already (it counts once). */
export interface FlagReceipt {
	counted: boolean;
}

/** What staff can hide: a message, a report's description, one of its photos. */
export const hideableItemSchema = z.discriminatedUnion('kind', [messageItem, descriptionItem, photoItem]);
export type HideableItem = z.infer<typeof hideableItemSchema>;
export const isHideable = (item: ModeratedItem): item is HideableItem => item.kind !== 'report';

/** `POST /api/ops/moderation/hide`: staff hide a message, a report's description or a photo, with a reason from the list and an optional note (staff only). */
export const hideInputSchema = z.strictObject({ item: hideableItemSchema, reason: moderationReasonSchema, note: note.optional() });
/** `POST /api/ops/moderation/dismiss`: staff leave the item as it is; its flags leave the queue. */
export const dismissInputSchema = z.strictObject({ item: moderatedItemSchema, note: note.optional() });
/** `POST /api/ops/moderation/restore`: an admin restores what was hidden; the reason is required. */
export const restoreInputSchema = z.strictObject({ item: hideableItemSchema, reason: z.string().trim().min(3, 'say why, in a few words').max(FLAG_NOTE_MAX) });

/**
 * What a thread's `moderation` root (server-written, docs/sync-protocol.md) holds for a hidden
 * message, under the message's id: why, the message's own time (its place in the thread) and when
 * it was hidden. Nothing of what it said, nor who wrote or hid it.
 */
export const hiddenEntrySchema = z.strictObject({ reason: moderationReasonSchema, at: z.number().int().min(0), hiddenAt: z.number().int().min(0) });
export type HiddenEntry = z.infer<typeof hiddenEntrySchema>;

/**
 * What the public reads of a report's hidden parts (`PublicReport.hidden`, the feed's `hidden`
 * root): why its description was hidden, and why each hidden photo was (one reason per photo).
 * Nothing of what they showed.
 */
export const reportHiddenSchema = z.strictObject({ description: moderationReasonSchema.nullable(), photos: z.array(moderationReasonSchema).max(6) });
export type ReportHidden = z.infer<typeof reportHiddenSchema>;

export type ModerationStatus = 'open' | 'hidden';

/** One item of the console's moderation queue (`GET /api/ops/moderation`): its flags counted once per person. */
export interface ModerationQueueItem {
	item: ModeratedItem;
	/** Open: flagged and not decided since; hidden: a hidden message (its flags, if any, stay counted). */
	status: ModerationStatus;
	flags: number;
	/** Flags per reason. */
	reasons: Partial<Record<ModerationReason, number>>;
	/** The flaggers' notes, without who wrote them. */
	notes: string[];
	/** ISO times of the first and the last flag (null: hidden without a flag). */
	firstFlagAt: string | null;
	lastFlagAt: string | null;
	/** What it says (the message's text, the report's description); null when it is gone. */
	text: string | null;
	/** The incident to open it in the console, when there is one. */
	incidentId: string | null;
	/** A report's photos as they are now (each can be hidden); a hidden photo's own id. Staff read them at `/api/ops/moderation/photo`. */
	photos?: string[];
	/** A hidden message: the decision (reason, note, when); never shown to residents with a name. */
	hidden: { reason: ModerationReason; note: string | null; at: string; by: string | null } | null;
}

export interface ModerationQueue {
	items: ModerationQueueItem[];
}

/** A stable key of an item, for maps and test ids. */
export function itemKey(item: ModeratedItem): string {
	switch (item.kind) {
		case 'message':
			return `message:${item.thread}:${item.id}`;
		case 'report':
			return `report:${item.id}`;
		case 'description':
			return `description:${item.report}`;
		case 'photo':
			return `photo:${item.report}:${item.id}`;
	}
}

/** The report an item belongs to (a report, its description, a photo); null for a message. */
export const reportOf = (item: ModeratedItem): string | null => (item.kind === 'report' ? item.id : item.kind === 'message' ? null : item.report);

/**
 * Posting limits (issue 16, item 3): staff stop a message's author from writing in the
 * municipality's threads for some days, with a reason from the list and an optional note. The sync
 * server enforces it, per user, in every thread of the municipality; the resident sees the reason
 * and the end date. An admin may lift it early, with a reason.
 */
export const POSTING_LIMIT_MAX_DAYS = 90;
export const postingLimitDays = [1, 3, 7, 30] as const;

/** `POST /api/ops/moderation/limits`: limit the author of this message (staff only). */
export const limitInputSchema = z.strictObject({
	item: messageItem,
	reason: moderationReasonSchema,
	note: note.optional(),
	days: z.number().int().min(1).max(POSTING_LIMIT_MAX_DAYS)
});
export type LimitInput = z.infer<typeof limitInputSchema>;

/** `POST /api/ops/moderation/limits/lift`: an admin ends a limit before its date; the reason is required. */
export const liftInputSchema = z.strictObject({
	id: z.string().uuid(),
	reason: z.string().trim().min(3, 'say why, in a few words').max(FLAG_NOTE_MAX)
});
export type LiftInput = z.infer<typeof liftInputSchema>;

/** A limit as the limited resident reads it (`GET /api/moderation/limits/mine`): why and until when, never who. */
export const ownPostingLimitSchema = z.object({
	municipalityId: z.string(),
	reason: moderationReasonSchema,
	/** ISO time, the server's clock. */
	until: z.string()
});
export type OwnPostingLimit = z.infer<typeof ownPostingLimitSchema>;
export const ownPostingLimitsSchema = z.object({ limits: z.array(ownPostingLimitSchema) });

/** A limit in force as the console lists it (`GET /api/ops/moderation/limits`). */
export interface PostingLimitEntry {
	id: string;
	/** The message that led to it (its author is not named; the console links to its incident). */
	item: ModeratedItem;
	incidentId: string | null;
	reason: ModerationReason;
	note: string | null;
	at: string;
	until: string;
	/** The staff member who set it (null: the account was deleted since). Staff-only. */
	by: string | null;
}

export interface PostingLimits {
	limits: PostingLimitEntry[];
}

/**
 * A decision that can be reviewed on request (issue 16, item 4): a hidden message (or a report's
 * description or photo), a posting limit, and the closing of an incident (`closed`: its reporter
 * asks when they ask for it to be reopened; the id is the closing event's).
 */
export const reviewableKinds = ['hidden', 'limited', 'closed'] as const;
export type ReviewableKind = (typeof reviewableKinds)[number];
export const reviewOutcomes = ['upheld', 'reversed'] as const;
export type ReviewOutcome = (typeof reviewOutcomes)[number];

const decisionReason = z.string().trim().min(3, 'say why, in a few words').max(FLAG_NOTE_MAX);

/** `POST /api/moderation/reviews`: the person a decision was about asks for it to be reviewed, once. */
export const reviewRequestSchema = z.strictObject({
	decision: z.strictObject({ kind: z.enum(reviewableKinds), id: z.string().uuid() }),
	reason: decisionReason
});
export type ReviewRequest = z.infer<typeof reviewRequestSchema>;

/** `POST /api/ops/moderation/reviews/decide`: an admin who did not take the decision upholds or reverses it, with a reason. */
export const reviewDecisionSchema = z.strictObject({
	id: z.string().uuid(),
	outcome: z.enum(reviewOutcomes),
	reason: decisionReason
});
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

/** A review as the person who asked reads it: waiting, or its outcome and the admin's reason (never who). */
export const ownReviewSchema = z.object({
	status: z.enum(['pending', ...reviewOutcomes]),
	asked: z.string(),
	reason: z.string().nullable(),
	decidedAt: z.string().nullable()
});
export type OwnReview = z.infer<typeof ownReviewSchema>;

/**
 * A decision about this person (`GET /api/moderation/mine`): a message of theirs that is hidden
 * (or was, when they asked for a review), or a posting limit on them. Why and when, never who.
 */
export const ownDecisionSchema = z.object({
	kind: z.enum(reviewableKinds),
	id: z.string(),
	municipalityId: z.string(),
	/** The message: hidden, or the one that led to a limit. */
	thread: z.string().nullable(),
	messageId: z.string().nullable(),
	/** A hidden part of the person's own report: which report, and `description` or `photo`. */
	report: z.string().nullable().optional(),
	part: z.enum(['description', 'photo']).nullable().optional(),
	/** Null for the closing of an incident (it has no moderation reason; the closing message says why). */
	reason: moderationReasonSchema.nullable(),
	at: z.string(),
	/** A limit's end (ISO); null for a hidden message. */
	until: z.string().nullable(),
	/** False once it no longer holds: restored, lifted, ended. */
	inForce: z.boolean(),
	review: ownReviewSchema.nullable()
});
export type OwnDecision = z.infer<typeof ownDecisionSchema>;
export const ownDecisionsSchema = z.object({ decisions: z.array(ownDecisionSchema) });

/** A review waiting in the admins' queue (`GET /api/ops/moderation/reviews`). Staff-only. */
export interface ReviewQueueEntry {
	id: string;
	/** What the person asked and when. */
	reason: string;
	at: string;
	decision: {
		kind: ReviewableKind;
		id: string;
		/** Null for the closing of an incident. */
		reason: ModerationReason | null;
		note: string | null;
		at: string;
		/** Who took it (null: the account was deleted since). */
		by: string | null;
		until: string | null;
	};
	item: ModeratedItem;
	incidentId: string | null;
	/** What the message said (the original a hidden message's decision keeps); null once it is gone. */
	text: string | null;
	/** The person reading the queue took this decision: someone else must review it. */
	own: boolean;
}

/**
 * A municipality's moderation in numbers, for anyone (`GET /api/moderation/counts`): how many
 * decisions of each kind, by reason, and how reviews ended. Counts only: no item, no person.
 */
export const moderationCountsSchema = z.object({
	municipalityId: z.string(),
	/** Messages hidden, by reason (a message hidden twice counts twice: two decisions). */
	hidden: z.record(moderationReasonSchema, z.number().int()),
	/** Hidden messages put back by an admin (on a review or not). */
	restored: z.number().int(),
	/** Flags looked at and left as they were. */
	dismissed: z.number().int(),
	/** Posting limits set, by reason. */
	limited: z.record(moderationReasonSchema, z.number().int()),
	reviews: z.object({ asked: z.number().int(), waiting: z.number().int(), upheld: z.number().int(), reversed: z.number().int() }),
	/** When they were counted (ISO, the server's clock). */
	at: z.string()
});
export type ModerationCounts = z.infer<typeof moderationCountsSchema>;
