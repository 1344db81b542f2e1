import { describe, expect, it } from 'vitest';
import { Inbox } from './inbox.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Inbox', () => {
	it('drains in order, one drain at a time, and starts again for what arrived meanwhile', async () => {
		const seen: number[] = [];
		let drains = 0;
		let release = () => {};
		const inbox: Inbox<number> = new Inbox(
			async () => {
				drains++;
				while (inbox.length) {
					seen.push(inbox.next() as number);
					if (seen.length === 1) await new Promise<void>((resolve) => (release = resolve));
				}
			},
			() => {},
			() => false
		);
		inbox.push(1);
		inbox.push(2);
		expect(inbox.busy).toBe(true);
		expect(seen).toEqual([1]);
		release();
		await tick();
		inbox.push(3);
		await inbox.settled();
		expect(seen).toEqual([1, 2, 3]);
		expect(inbox.busy).toBe(false);
		expect(drains).toBe(2);
	});

	it('reports a drain that throws, and drains no more once stopped', async () => {
		const errors: unknown[] = [];
		let stopped = false;
		const inbox: Inbox<string> = new Inbox(
			async () => {
				inbox.next();
				stopped = true;
				throw new Error('broken');
			},
			(error) => errors.push(error),
			() => stopped
		);
		inbox.push('a');
		inbox.push('b');
		await inbox.settled();
		expect(errors).toHaveLength(1);
		expect(inbox.length).toBe(1);
		expect(inbox.clear()).toEqual(['b']);
		expect(inbox.length).toBe(0);
	});
});
