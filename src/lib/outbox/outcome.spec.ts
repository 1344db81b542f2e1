import { describe, expect, it } from 'vitest';
import { outcomeOf, sendOutcome } from './outcome.ts';

describe('outcomeOf', () => {
	it('sorts answers into sent, retry and refused', () => {
		expect([200, 201].map(outcomeOf)).toEqual(['sent', 'sent']);
		expect([400, 404, 409, 413, 422].map(outcomeOf)).toEqual(['refused', 'refused', 'refused', 'refused', 'refused']);
		expect([408, 429, 500, 502, 503].map(outcomeOf)).toEqual(['retry', 'retry', 'retry', 'retry', 'retry']);
	});
});

describe('sendOutcome', () => {
	it('gives the answer with its outcome; a network failure is a retry with no answer', async () => {
		const answered = await sendOutcome(async () => new Response('{}', { status: 422 }));
		expect(answered.outcome).toBe('refused');
		expect(answered.response?.status).toBe(422);
		expect(
			await sendOutcome(async () => {
				throw new TypeError('Failed to fetch');
			})
		).toEqual({ outcome: 'retry', response: null });
	});
});
