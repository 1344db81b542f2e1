import { m } from '$lib/paraglide/messages.js';
import type { ModerationReason } from '$lib/domain/moderation.ts';

/**
 * A moderation reason in the person's words: its label in the flag dialog, what it means there,
 * and the placeholder everyone reads where a message was hidden for it. Written out per reason,
 * not composed, so each language says the whole sentence its own way.
 */
const words: Record<ModerationReason, { label: () => string; hint: () => string; hidden: () => string }> = {
	personal_data: { label: () => m.moderation_reason_personal_data(), hint: () => m.moderation_reason_personal_data_hint(), hidden: () => m.moderation_hidden_personal_data() },
	looks: { label: () => m.moderation_reason_looks(), hint: () => m.moderation_reason_looks_hint(), hidden: () => m.moderation_hidden_looks() },
	abuse: { label: () => m.moderation_reason_abuse(), hint: () => m.moderation_reason_abuse_hint(), hidden: () => m.moderation_hidden_abuse() },
	false: { label: () => m.moderation_reason_false(), hint: () => m.moderation_reason_false_hint(), hidden: () => m.moderation_hidden_false() },
	other: { label: () => m.moderation_reason_other(), hint: () => m.moderation_reason_other_hint(), hidden: () => m.moderation_hidden_other() }
};

export const reasonLabel = (reason: ModerationReason): string => words[reason].label();
export const reasonHint = (reason: ModerationReason): string => words[reason].hint();
/** "Hidden by the municipality: <reason>", signed by nobody. */
export const hiddenText = (reason: ModerationReason): string => words[reason].hidden();
