import type { ModerationQueueItem } from '$lib/domain/moderation.ts';

/** Queue items and a server answering with real `Response`s, for the moderation specs. */

export const flagged = (id: string, over: Partial<ModerationQueueItem> = {}): ModerationQueueItem => ({
	item: { kind: 'message', thread: 'incident:i1', id },
	status: 'open',
	flags: 3,
	reasons: { looks: 2, abuse: 1 },
	notes: ['says where she lives'],
	firstFlagAt: '2026-12-04T10:00:00.000Z',
	lastFlagAt: '2026-12-04T11:00:00.000Z',
	text: `message ${id}`,
	incidentId: 'i1',
	hidden: null,
	...over
});

export type Call = { url: string; method: string; body: unknown };

export function server(answers: Array<(call: Call) => Response>) {
	const calls: Call[] = [];
	const fetch = (async (url: string, init: RequestInit = {}) => {
		const call = { url, method: init.method ?? 'GET', body: init.body === undefined ? undefined : JSON.parse(String(init.body)) };
		calls.push(call);
		const answer = answers.shift();
		if (!answer) throw new TypeError('Failed to fetch');
		return answer(call);
	}) as unknown as typeof globalThis.fetch;
	return { fetch, calls };
}

export const json =
	(status: number, body: unknown, headers: Record<string, string> = {}) =>
	(): Response =>
		new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const refusal = (status: number, code: string, message = code, headers: Record<string, string> = {}) => json(status, { error: { code, message } }, headers);
