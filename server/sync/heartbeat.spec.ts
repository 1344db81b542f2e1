import { afterEach, describe, expect, it, vi } from 'vitest';
import { RoundRobin, spreadOverPeriod } from './heartbeat.ts';

afterEach(() => vi.useRealTimers());

describe('RoundRobin', () => {
	it('visits each member once per round, in slices, then starts again', () => {
		const rounds = new RoundRobin(new Set([1, 2, 3, 4, 5]));
		expect(rounds.next(2)).toEqual([1, 2]);
		expect(rounds.next(2)).toEqual([3, 4]);
		// The round ends: this slice is short rather than visiting 1 twice in a row.
		expect(rounds.next(2)).toEqual([5]);
		expect(rounds.next(2)).toEqual([1, 2]);
	});

	it('sees members added during a round and skips removed ones', () => {
		const members = new Set(['a', 'b', 'c']);
		const rounds = new RoundRobin(members);
		expect(rounds.next(1)).toEqual(['a']);
		members.delete('b');
		members.add('d');
		expect(rounds.next(10)).toEqual(['c', 'd']);
	});

	it('gives nothing for an empty set', () => {
		expect(new RoundRobin(new Set()).next(3)).toEqual([]);
	});
});

describe('spreadOverPeriod', () => {
	it('beats every member once per period, a share each tick instead of all at once', () => {
		vi.useFakeTimers();
		const members = new Set(Array.from({ length: 90 }, (_, i) => i));
		const beats: number[][] = [];
		let tick: number[] = [];
		const stop = spreadOverPeriod(members, (m) => void tick.push(m), 30_000, 1_000);
		for (let i = 0; i < 30; i++) {
			vi.advanceTimersByTime(1_000);
			beats.push(tick);
			tick = [];
		}
		expect(beats.every((slice) => slice.length === 3)).toBe(true);
		expect(beats.flat().sort((a, b) => a - b)).toEqual([...members]);
		stop();
		vi.advanceTimersByTime(5_000);
		expect(tick).toEqual([]);
	});
});
