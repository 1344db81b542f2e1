import { describe, expect, it, vi } from 'vitest';
import { Outbox, type OutboxQueue, type Queued } from './outbox.ts';
import type { SendOutcome } from './outcome.ts';

interface Entry extends Queued {
	order: number;
}

class MemoryQueue implements OutboxQueue<Entry> {
	map = new Map<string, Entry>();
	add(id: string, order: number) {
		this.map.set(id, { id, order, attempts: 0, nextAttemptAt: 0 });
	}
	async waiting() {
		return [...this.map.values()].sort((a, b) => a.order - b.order).map((e) => ({ ...e }));
	}
	async later(entry: Entry, attempts: number, nextAttemptAt: number) {
		this.map.set(entry.id, { ...entry, attempts, nextAttemptAt });
	}
}

function setup(answer: (entry: Entry) => SendOutcome) {
	const queue = new MemoryQueue();
	let clock = 0;
	const tried: string[] = [];
	const rounds: number[] = [];
	const outbox = new Outbox<Entry>({
		queue,
		backoff: { firstMs: 1000, maxMs: 8000 },
		now: () => clock,
		random: () => 0.5,
		deliver: async (entry) => {
			tried.push(entry.id);
			const outcome = answer(entry);
			if (outcome !== 'retry') queue.map.delete(entry.id);
			return outcome;
		},
		afterRound: (left, n) => rounds.push(n)
	});
	return { queue, outbox, tried, rounds, advance: (ms: number) => (clock += ms) };
}

describe('Outbox', () => {
	it('sends what is due in order, and leaves settled entries to the deliverer', async () => {
		const { queue, outbox, tried } = setup(() => 'sent');
		queue.add('b', 2);
		queue.add('a', 1);
		await outbox.flush();
		expect(tried).toEqual(['a', 'b']);
		expect(await queue.waiting()).toEqual([]);
	});

	it('puts a retry off with the backoff and ends the round there; not due means not sent', async () => {
		let online = false;
		const { queue, outbox, tried, advance } = setup(() => (online ? 'sent' : 'retry'));
		queue.add('a', 1);
		queue.add('b', 2);
		await outbox.flush();
		expect(tried).toEqual(['a']);
		expect(queue.map.get('a')).toMatchObject({ attempts: 1, nextAttemptAt: 1000 });
		await outbox.flush();
		expect(tried).toEqual(['a', 'b']);
		expect(queue.map.get('b')).toMatchObject({ attempts: 1, nextAttemptAt: 1000 });
		online = true;
		advance(500);
		await outbox.flush();
		expect(tried).toHaveLength(2);
		advance(500);
		await outbox.flush();
		expect(tried).toEqual(['a', 'b', 'a', 'b']);
	});

	it('never runs two rounds at once: a flush during a round gets one more round after it', async () => {
		const { queue, outbox, rounds } = setup(() => 'sent');
		queue.add('a', 1);
		const first = outbox.flush();
		const second = outbox.flush();
		const third = outbox.flush();
		expect(second).toBe(third);
		await Promise.all([first, second]);
		expect(rounds).toEqual([1, 0]);
	});

	it('sends everything at once when the network returns, and wakes itself when the next entry is due', async () => {
		vi.useFakeTimers();
		try {
			let online = false;
			const { queue, outbox, tried, advance } = setup(() => (online ? 'sent' : 'retry'));
			queue.add('a', 1);
			const target = new EventTarget();
			const stop = outbox.start(target as unknown as Window);
			await vi.waitFor(() => expect(tried).toEqual(['a']));
			online = true;
			target.dispatchEvent(new Event('online'));
			await vi.waitFor(() => expect(tried).toEqual(['a', 'a']));
			expect(await queue.waiting()).toEqual([]);

			online = false;
			queue.add('b', 2);
			await outbox.flush();
			expect(tried).toEqual(['a', 'a', 'b']);
			online = true;
			advance(1000);
			await vi.advanceTimersByTimeAsync(1000);
			expect(tried).toEqual(['a', 'a', 'b', 'b']);
			stop();
		} finally {
			vi.useRealTimers();
		}
	});
});
