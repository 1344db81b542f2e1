import { describe, expect, it } from 'vitest';
import type { ModerationCounts } from '$lib/domain/moderation.ts';
import { ModerationNumbers } from './numbers.svelte.ts';

const counts: ModerationCounts = {
	municipalityId: 'providencia',
	hidden: { personal_data: 2, looks: 1, abuse: 0, false: 0, other: 0 },
	restored: 1,
	dismissed: 3,
	limited: { personal_data: 0, looks: 0, abuse: 1, false: 0, other: 0 },
	reviews: { asked: 2, waiting: 0, upheld: 1, reversed: 1 },
	at: '2026-12-05T12:00:00.000Z'
};
const answer = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('a municipality’s moderation in numbers', () => {
	it('reads the counts of the municipality asked', async () => {
		const asked: string[] = [];
		const numbers = new ModerationNumbers((async (url: string) => (asked.push(url), answer(counts))) as unknown as typeof fetch);
		await numbers.load('providencia');
		expect(asked).toEqual(['/api/moderation/counts?municipality=providencia']);
		expect(numbers).toMatchObject({ status: 'ready', counts });
	});

	it('says offline with no answer, failed with a refusal or an unreadable one', async () => {
		const offline = new ModerationNumbers((async () => {
			throw new TypeError('Failed to fetch');
		}) as unknown as typeof fetch);
		await offline.load('providencia');
		expect(offline.status).toBe('offline');
		for (const bad of [answer({ error: { code: 'not_found', message: 'x' } }, 404), answer({ hidden: 3 })]) {
			const numbers = new ModerationNumbers((async () => bad) as unknown as typeof fetch);
			await numbers.load('providencia');
			expect(numbers.status).toBe('failed');
		}
	});

	it('keeps only the answer about the municipality asked last', async () => {
		const pending: ((r: Response) => void)[] = [];
		const numbers = new ModerationNumbers((() => new Promise<Response>((resolve) => pending.push(resolve))) as unknown as typeof fetch);
		const first = numbers.load('las-condes');
		const second = numbers.load('providencia');
		pending[1]?.(answer(counts));
		pending[0]?.(answer({ ...counts, municipalityId: 'las-condes' }));
		await Promise.all([first, second]);
		expect(numbers.counts?.municipalityId).toBe('providencia');
	});
});
