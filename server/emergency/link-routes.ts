import { z } from 'zod';
import type { ApiContext } from '../http/api.ts';
import { endpoint, reply, type Endpoint } from '../http/endpoint.ts';
import { perWindow } from '../http/rate-limit.ts';
import { Refusal } from '../http/refusal.ts';
import { createInvite, inviteCodePattern, listLinks, normaliseCode, redeemInvite, unlink } from './links.ts';

const codesTried = perWindow('invite codes tried per person', 10, 600);
const redeemBody = z
	.object({ code: z.string().min(1).max(32) })
	.strict()
	.transform((b) => normaliseCode(b.code))
	.refine((code) => inviteCodePattern.test(code));
const linkQuery = z.object({ subject: z.string().optional(), watcher: z.string().optional() }).refine((q) => q.subject || q.watcher);

/** Linking contacts who use Cuadra: `POST /api/emergency/invites`, `POST /api/emergency/links`, `GET|DELETE /api/emergency/links`. */
export function linkEndpoints(ctx: ApiContext, now: () => Date): Endpoint[] {
	return [
		endpoint({
			method: 'POST',
			path: '/api/emergency/invites',
			who: 'signed-in',
			handle: async ({ principal }) => {
				const invite = await createInvite(ctx.db, principal.userId, now());
				if (invite === 'too_many') throw new Refusal(409, 'too_many_links', 'Ten contacts already see your alerts. Remove one to add another.');
				return reply(201, invite);
			}
		}),
		endpoint({
			method: 'POST',
			path: '/api/emergency/links',
			who: 'signed-in',
			body: redeemBody,
			invalid: { body: { code: 'invalid_code', message: 'The code has 8 letters and numbers. Check it and try again.' } },
			limit: {
				rules: [{ rule: codesTried, key: (c) => c.principal.userId }],
				message: () => 'Too many codes tried. Wait ten minutes and try again.',
				retryAfter: 600
			},
			handle: async ({ body: code, principal }) => {
				const result = await redeemInvite(ctx.db, principal.userId, code, now());
				if (result === 'invalid_code') throw new Refusal(404, 'invalid_code', 'This code does not exist or has expired. Ask for a new one.');
				if (result === 'own_code') throw new Refusal(400, 'own_code', 'This is your own code. Give it to your contact instead.');
				if (result === 'too_many') throw new Refusal(409, 'too_many_links', 'This person already has ten contacts linked.');
				return reply(result.created ? 201 : 200, { subjectId: result.subjectId });
			}
		}),
		endpoint({ method: 'GET', path: '/api/emergency/links', who: 'signed-in', handle: async ({ principal }) => reply(200, await listLinks(ctx.db, principal.userId)) }),
		endpoint({
			method: 'DELETE',
			path: '/api/emergency/links',
			who: 'signed-in',
			query: linkQuery,
			invalid: { query: { code: 'invalid_request', message: 'Say which link: ?subject=<id> or ?watcher=<id>.' } },
			handle: async ({ query, principal }) => {
				const other = query.subject ? { subjectId: query.subject } : { watcherId: query.watcher ?? '' };
				if (!(await unlink(ctx.db, principal.userId, other))) throw new Refusal(404, 'not_found', 'There is no such link.');
				return reply(204);
			}
		})
	];
}
