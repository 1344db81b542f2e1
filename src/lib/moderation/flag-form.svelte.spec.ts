import { describe, expect, it } from 'vitest';
import type { FlagInput } from '$lib/domain/moderation.ts';
import type { FlagResult } from './flag-api.ts';
import { FlagForm } from './flag-form.svelte.ts';

const message = { kind: 'message', thread: 'incident:i1', id: 'm1' } as const;

function form(...results: FlagResult[]) {
	const sent: FlagInput[] = [];
	const flags = new FlagForm(async (input) => {
		sent.push(input);
		return results.shift() ?? { kind: 'offline' };
	});
	return { flags, sent };
}

describe('FlagForm', () => {
	it('asks for a reason, then sends the flag without an empty note', async () => {
		const { flags, sent } = form({ kind: 'sent', counted: true });
		flags.start(message);
		expect(await flags.submit()).toBe(false);
		expect(flags.problem).toEqual({ kind: 'reason' });
		flags.reason = 'personal_data';
		flags.note = '   ';
		expect(await flags.submit()).toBe(true);
		expect(sent).toEqual([{ item: message, reason: 'personal_data' }]);
		expect(flags).toMatchObject({ done: true, problem: null, sending: false });
	});

	it('needs a note for "other", and sends it trimmed', async () => {
		const { flags, sent } = form({ kind: 'sent', counted: false });
		flags.start({ kind: 'report', id: 'r1' });
		flags.reason = 'other';
		expect(flags.noteRequired).toBe(true);
		expect(await flags.submit()).toBe(false);
		expect(flags.problem).toEqual({ kind: 'note' });
		flags.note = '  Es publicidad  ';
		expect(await flags.submit()).toBe(true);
		expect(sent).toEqual([{ item: { kind: 'report', id: 'r1' }, reason: 'other', note: 'Es publicidad' }]);
	});

	it('keeps what was chosen and written when sending fails, and can try again', async () => {
		const { flags, sent } = form({ kind: 'offline' }, { kind: 'too_many', retryAt: 5 }, { kind: 'sent', counted: true });
		flags.start(message);
		flags.reason = 'abuse';
		flags.note = 'Insulta a un vecino';
		expect(await flags.submit()).toBe(false);
		expect(flags.problem).toEqual({ kind: 'offline' });
		expect(await flags.submit()).toBe(false);
		expect(flags.problem).toEqual({ kind: 'too_many', retryAt: 5 });
		expect([flags.reason, flags.note, flags.done]).toEqual(['abuse', 'Insulta a un vecino', false]);
		expect(await flags.submit()).toBe(true);
		expect(sent).toHaveLength(3);
	});

	it('starts over clean, and ignores an answer to a flag that was started over', async () => {
		let answer: (result: FlagResult) => void = () => {};
		const flags = new FlagForm(() => new Promise((resolve) => (answer = resolve)));
		flags.start(message);
		flags.reason = 'looks';
		const pending = flags.submit();
		expect(flags.sending).toBe(true);
		flags.start({ kind: 'report', id: 'r2' });
		answer({ kind: 'gone' });
		expect(await pending).toBe(false);
		expect(flags).toMatchObject({ item: { kind: 'report', id: 'r2' }, reason: null, note: '', problem: null, done: false, sending: false });
	});

	it('drops the flag when the dialog closes, even with an answer on its way', async () => {
		let answer: (result: FlagResult) => void = () => {};
		const flags = new FlagForm(() => new Promise((resolve) => (answer = resolve)));
		flags.start(message);
		flags.reason = 'false';
		const pending = flags.submit();
		flags.clear();
		answer({ kind: 'sent', counted: true });
		expect(await pending).toBe(false);
		expect(flags).toMatchObject({ item: null, reason: null, done: false, sending: false });
		expect(await flags.submit()).toBe(false);
	});
});
