import { describe, expect, it } from 'vitest';
import { InProcessBus } from './bus.ts';

interface TestEvents {
	said: { word: string };
	other: { n: number };
}

describe('InProcessBus', () => {
	it('runs the listeners of an event in order and resolves once the slow ones have finished', async () => {
		const bus = new InProcessBus<TestEvents>();
		const heard: string[] = [];
		bus.subscribe('said', ({ word }) => void heard.push(`first ${word}`));
		bus.subscribe('said', async ({ word }) => {
			await new Promise((resolve) => setTimeout(resolve, 20));
			heard.push(`slow ${word}`);
		});
		bus.subscribe('other', () => void heard.push('other'));
		await bus.publish('said', { word: 'hola' });
		expect(heard).toEqual(['first hola', 'slow hola']);
	});

	it('keeps going past a listener that throws or rejects, and reports it', async () => {
		const failures: string[] = [];
		const bus = new InProcessBus<TestEvents>((name, error) => failures.push(`${name}: ${(error as Error).message}`));
		const heard: number[] = [];
		bus.subscribe('other', () => {
			throw new Error('thrown');
		});
		bus.subscribe('other', () => Promise.reject(new Error('rejected')));
		bus.subscribe('other', ({ n }) => void heard.push(n));
		await expect(bus.publish('other', { n: 1 })).resolves.toBeUndefined();
		expect(heard).toEqual([1]);
		expect(failures).toEqual(['other: thrown', 'other: rejected']);
	});

	it('stops calling a listener once unsubscribed', async () => {
		const bus = new InProcessBus<TestEvents>();
		const heard: string[] = [];
		const stop = bus.subscribe('said', ({ word }) => void heard.push(word));
		await bus.publish('said', { word: 'uno' });
		stop();
		await bus.publish('said', { word: 'dos' });
		expect(heard).toEqual(['uno']);
	});
});
