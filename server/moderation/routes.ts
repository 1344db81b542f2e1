import { z } from 'zod';
import type { Db } from '../db/index.ts';
import type { Events } from '../events/cuadra.ts';
import type { SyncDocs } from '../sync/docs.ts';
import { endpoint, reply, type Endpoint } from '../http/endpoint.ts';
import { perWindow } from '../http/rate-limit.ts';
import { Refusal } from '../http/refusal.ts';
import { dismissInputSchema, flagInputSchema, hideInputSchema, itemKey, liftInputSchema, limitInputSchema, restoreInputSchema, reviewDecisionSchema, reviewRequestSchema, type ModeratedItem } from '../../src/lib/domain/moderation.ts';
import { addFlag, dismissItem, hideItem, moderationQueue, photoForStaff, placeOf, queueItem, restoreItem } from './decisions.ts';
import { liftLimit, limitAuthor, limitMunicipality, limitsInForce, ownLimits, type LimitChange } from './posting-limits.ts';
import { moderationCounts } from './counts.ts';
import { decideReview, ownDecisions, requestReview, reviewMunicipality, reviewQueue } from './reviews.ts';

/** A resident who flags more than this in an hour is slowed down: flags are for what is wrong, not a vote. */
const flagsPerResident = perWindow('moderation flags per resident', 20, 3600);
/** Generous for a moderator clearing a queue; a runaway script is slowed. */
const decisionsPerStaff = perWindow('moderation decisions per staff member', 600, 3600);
/** A review is asked once per decision; more than this in a day is not a person asking. */
const reviewsPerResident = perWindow('moderation reviews asked per resident', 10, 86_400);

const municipalityId = z.string().regex(/^[a-z0-9-]{1,64}$/);
const municipalityQuery = z.object({ municipality: municipalityId, status: z.enum(['open', 'hidden']).default('open') });
const invalid = (what: string) => ({ body: { code: 'invalid_request', message: (issue: { path: string; message: string }) => `The ${what} is not valid: ${issue.path || 'body'} ${issue.message}`.trim() } });
const FORBIDDEN = "Only this municipality's operators and admins moderate its threads.";

async function municipalityOf(db: Db, item: ModeratedItem): Promise<string> {
	const place = await placeOf(db, item);
	if (!place) throw new Refusal(404, 'not_found', 'No such thread or report.');
	return place.municipalityId;
}

/**
 * Moderation over HTTP (issue 16, docs/moderation.md): any signed-in resident flags a message or a
 * report; operators and admins of its municipality read the queue, hide a message or dismiss the
 * flags, or limit its author's writing in the municipality's threads for some days; admins restore
 * what was hidden and lift a limit early. Each resident reads their own limits and the decisions
 * about them, and asks once per decision for a review, which an admin who did not take it decides. Each decision is recorded before `moderation.decided` is
 * published (its thread's document follows, server/moderation/listeners.ts) and answered.
 */
export function moderationEndpoints(deps: { db: Db; docs: Pick<SyncDocs, 'read'>; events: Events; now?: () => Date }): Endpoint[] {
	const { db, docs, events } = deps;
	const now = deps.now ?? (() => new Date());
	const staffLimit = { rules: [{ rule: decisionsPerStaff, key: (c: { principal: { userId: string } }) => c.principal.userId }], message: (s: number) => `Too many decisions in a short time. Try again in ${s} seconds.` };
	const limited = (change: LimitChange | null, actorId: string) => (change ? events.publish('moderation.limited', { ...change, actorId }) : Promise.resolve());
	const decided = (item: ModeratedItem, municipalityId: string, action: 'hidden' | 'dismissed' | 'restored', actorId: string) =>
		events.publish('moderation.decided', { item, itemKey: itemKey(item), municipalityId, action, actorId });
	/**
	 * One staff decision on an item: the item's municipality decides who may (read once, before the
	 * body reaches `run`), the decision is recorded by `run`, `moderation.decided` follows its
	 * commit, then the answer.
	 */
	const decision = <B extends { item: ModeratedItem }, R = unknown>(spec: {
		path: string;
		who: 'operator' | 'admin';
		body: z.ZodType<B>;
		forbidden: string;
		/** The item decision `moderation.decided` announces; none for a decision that publishes its own event. */
		action?: 'hidden' | 'dismissed' | 'restored';
		run: (body: B, actorId: string, municipalityId: string) => Promise<R>;
		answer: (body: B, municipalityId: string, result: R) => unknown;
	}): Endpoint => {
		const municipalities = new WeakMap<object, string>();
		return endpoint({
			method: 'POST',
			path: spec.path,
			who: spec.who,
			body: spec.body,
			invalid: invalid('decision'),
			municipality: async ({ body }) => {
				const id = await municipalityOf(db, body.item);
				municipalities.set(body, id);
				return id;
			},
			forbidden: spec.forbidden,
			limit: staffLimit,
			handle: async ({ body, principal }) => {
				const municipalityId = municipalities.get(body) ?? (await municipalityOf(db, body.item));
				const result = await spec.run(body, principal.userId, municipalityId);
				if (spec.action) await decided(body.item, municipalityId, spec.action, principal.userId);
				return reply(200, await spec.answer(body, municipalityId, result));
			}
		});
	};
	return [
		endpoint({
			method: 'POST',
			path: '/api/moderation/flags',
			who: 'signed-in',
			body: flagInputSchema,
			invalid: invalid('flag'),
			limit: { rules: [{ rule: flagsPerResident, key: (c) => c.principal.userId }], message: (s) => `Too many flags in a short time. Try again in ${s} seconds.` },
			handle: async ({ body, principal }) => {
				const { counted } = await addFlag(db, docs, principal.userId, body, now());
				return reply(202, { counted });
			}
		}),
		endpoint({
			method: 'GET',
			path: '/api/ops/moderation',
			who: 'operator',
			query: municipalityQuery,
			invalid: { query: { code: 'invalid_request', message: 'Say which municipality (?municipality=<id>) and, if you like, status=open or hidden.' } },
			municipality: ({ query }) => query.municipality,
			forbidden: FORBIDDEN,
			handle: async ({ query }) => reply(200, { items: await moderationQueue(db, docs, query.municipality, query.status) }, { 'cache-control': 'no-store' })
		}),
		decision({
			path: '/api/ops/moderation/hide',
			who: 'operator',
			body: hideInputSchema,
			forbidden: FORBIDDEN,
			action: 'hidden',
			run: (body, actorId, municipalityId) => hideItem(db, docs, actorId, body, municipalityId, now()),
			answer: async (body, municipalityId) => ({ item: await queueItem(db, docs, municipalityId, body.item) })
		}),
		decision({
			path: '/api/ops/moderation/limits',
			who: 'operator',
			body: limitInputSchema,
			forbidden: FORBIDDEN,
			run: async (body, actorId, municipalityId) => {
				const { id, until, ...change } = await limitAuthor(db, docs, actorId, body, municipalityId, now());
				await limited({ ...change, until }, actorId);
				return { id, until };
			},
			answer: (_body, _municipalityId, limit) => ({ limit })
		}),
		endpoint({
			method: 'GET',
			path: '/api/ops/moderation/photo',
			who: 'operator',
			query: z.object({ report: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }),
			invalid: { query: { code: 'invalid_request', message: 'Say which photo: ?report=<id>&id=<photo id>.' } },
			municipality: ({ query }) => municipalityOf(db, { kind: 'photo', report: query.report, id: query.id }),
			forbidden: FORBIDDEN,
			handle: async ({ query, res }) => {
				const bytes = await photoForStaff(db, query.report, query.id);
				if (!bytes) throw new Refusal(404, 'not_found', 'No such photo, or it is no longer kept.');
				res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length, 'cache-control': 'private, no-store' });
				res.end(Buffer.from(bytes));
			}
		}),
		endpoint({
			method: 'GET',
			path: '/api/ops/moderation/limits',
			who: 'operator',
			query: z.object({ municipality: municipalityId }),
			invalid: { query: { code: 'invalid_request', message: 'Say which municipality (?municipality=<id>).' } },
			municipality: ({ query }) => query.municipality,
			forbidden: FORBIDDEN,
			handle: async ({ query }) => reply(200, { limits: await limitsInForce(db, query.municipality, now()) }, { 'cache-control': 'no-store' })
		}),
		endpoint({
			method: 'POST',
			path: '/api/ops/moderation/limits/lift',
			who: 'admin',
			body: liftInputSchema,
			invalid: invalid('decision'),
			municipality: async ({ body }) => {
				const id = await limitMunicipality(db, body.id);
				if (!id) throw new Refusal(404, 'not_found', 'No such posting limit.');
				return id;
			},
			forbidden: "Only this municipality's admins lift a posting limit before its end.",
			limit: staffLimit,
			handle: async ({ body, principal }) => {
				await limited(await liftLimit(db, principal.userId, body, now()), principal.userId);
				return reply(200, {});
			}
		}),
		endpoint({
			method: 'GET',
			path: '/api/moderation/limits/mine',
			who: 'signed-in',
			handle: async ({ principal }) => reply(200, { limits: await ownLimits(db, principal.userId, now()) }, { 'cache-control': 'no-store' })
		}),
		endpoint({
			method: 'GET',
			path: '/api/moderation/counts',
			who: 'anyone',
			query: z.object({ municipality: municipalityId }),
			invalid: { query: { code: 'invalid_request', message: 'Say which municipality (?municipality=<id>).' } },
			handle: async ({ query }) => {
				const known = await db.selectFrom('municipality').select('id').where('id', '=', query.municipality).executeTakeFirst();
				if (!known) throw new Refusal(404, 'not_found', 'No such municipality.');
				return reply(200, await moderationCounts(db, query.municipality, now()), { 'cache-control': 'public, max-age=300' });
			}
		}),
		endpoint({
			method: 'GET',
			path: '/api/moderation/mine',
			who: 'signed-in',
			handle: async ({ principal }) => reply(200, { decisions: await ownDecisions(db, principal.userId, now()) }, { 'cache-control': 'no-store' })
		}),
		endpoint({
			method: 'POST',
			path: '/api/moderation/reviews',
			who: 'signed-in',
			body: reviewRequestSchema,
			invalid: invalid('request for a review'),
			limit: { rules: [{ rule: reviewsPerResident, key: (c) => c.principal.userId }], message: (s) => `Too many requests for a review. Try again in ${s} seconds.` },
			handle: async ({ body, principal }) => {
				const { id } = await requestReview(db, principal.userId, body, now());
				return reply(201, { id });
			}
		}),
		endpoint({
			method: 'GET',
			path: '/api/ops/moderation/reviews',
			who: 'admin',
			query: z.object({ municipality: municipalityId }),
			invalid: { query: { code: 'invalid_request', message: 'Say which municipality (?municipality=<id>).' } },
			municipality: ({ query }) => query.municipality,
			forbidden: "Only this municipality's admins review decisions.",
			handle: async ({ query, principal }) => reply(200, { reviews: await reviewQueue(db, query.municipality, principal.userId) }, { 'cache-control': 'no-store' })
		}),
		endpoint({
			method: 'POST',
			path: '/api/ops/moderation/reviews/decide',
			who: 'admin',
			body: reviewDecisionSchema,
			invalid: invalid('review'),
			municipality: async ({ body }) => {
				const id = await reviewMunicipality(db, body.id);
				if (!id) throw new Refusal(404, 'not_found', 'No such review.');
				return id;
			},
			forbidden: "Only this municipality's admins review decisions.",
			limit: staffLimit,
			handle: async ({ body, principal }) => {
				const result = await decideReview(db, principal.userId, body, now());
				if (result.outcome === 'reversed' && result.kind === 'hidden') await decided(result.item, result.municipalityId, 'restored', principal.userId);
				if (result.outcome === 'reversed' && result.kind === 'limited') await limited(result.change, principal.userId);
				if (result.outcome === 'reversed' && result.kind === 'closed') {
					const { incident } = result;
					await events.publish('incident.changed', { incidentId: incident.id, municipalityId: incident.municipality_id, action: 'reopen', state: incident.state, version: incident.version, actorId: principal.userId });
				}
				return reply(200, { outcome: result.outcome });
			}
		}),
		decision({
			path: '/api/ops/moderation/dismiss',
			who: 'operator',
			body: dismissInputSchema,
			forbidden: FORBIDDEN,
			action: 'dismissed',
			run: (body, actorId, municipalityId) => dismissItem(db, actorId, body, municipalityId, now()),
			answer: () => ({})
		}),
		decision({
			path: '/api/ops/moderation/restore',
			who: 'admin',
			body: restoreInputSchema,
			forbidden: "Only this municipality's admins restore what was hidden.",
			action: 'restored',
			run: (body, actorId, municipalityId) => restoreItem(db, actorId, body, municipalityId, now()),
			answer: async (body, municipalityId) => ({ item: await queueItem(db, docs, municipalityId, body.item) })
		})
	];
}
