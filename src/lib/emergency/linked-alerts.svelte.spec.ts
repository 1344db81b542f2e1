import { describe, expect, it } from 'vitest';
import { LinkedAlertFeed } from './linked-alerts.svelte.ts';

class FakeSource {
	readyState = 1;
	onerror: ((e: Event) => void) | null = null;
	listeners = new Map<string, (e: MessageEvent<string>) => void>();
	closed = false;
	constructor(readonly url: string) {}
	addEventListener(type: string, listener: (e: MessageEvent<string>) => void) {
		this.listeners.set(type, listener);
	}
	close() {
		this.closed = true;
	}
	emit(data: unknown) {
		this.listeners.get('panic')?.({ data: JSON.stringify(data) } as MessageEvent<string>);
	}
}

const alert = { id: 'a1', subjectId: 'marta', claimedAt: '2026-11-21T10:00:00Z', receivedAt: '2026-11-21T10:00:01Z', location: { latitude: -33.4, longitude: -70.6, accuracy: 9 } };

describe('LinkedAlertFeed', () => {
	it('does not listen when this device is nobody’s contact', async () => {
		const opened: string[] = [];
		const feed = new LinkedAlertFeed({ isSomeonesContact: async () => false, signIn: async () => true, open: (url) => (opened.push(url), new FakeSource(url)) });
		await feed.start();
		expect(opened).toEqual([]);
		expect(feed.listening).toBe(false);
	});

	it('shows the newest alert first, whatever order they arrive in', async () => {
		let source: FakeSource | undefined;
		const feed = new LinkedAlertFeed({ isSomeonesContact: async () => true, signIn: async () => true, open: (url) => (source = new FakeSource(url)) });
		await feed.start();
		source!.emit({ ...alert, id: 'middle', claimedAt: '2026-11-21T10:05:00Z' });
		source!.emit({ ...alert, id: 'oldest', claimedAt: '2026-11-21T09:00:00Z' });
		source!.emit({ ...alert, id: 'newest', claimedAt: '2026-11-21T10:30:00Z' });
		expect(feed.alerts.map((a) => a.id)).toEqual(['newest', 'middle', 'oldest']);
	});

	it('shows each alert once, ignores malformed ones, and forgets dismissed ones', async () => {
		let source: FakeSource | undefined;
		const feed = new LinkedAlertFeed({ isSomeonesContact: async () => true, signIn: async () => true, open: (url) => (source = new FakeSource(url)) });
		await feed.start();
		expect(source?.url).toBe('/api/emergency/alerts');
		source!.emit(alert);
		source!.emit(alert);
		source!.emit({ id: 'bad' });
		expect(feed.alerts).toEqual([alert]);
		feed.dismiss('a1');
		source!.emit(alert);
		expect(feed.alerts).toEqual([]);
		feed.stop();
		expect(source!.closed).toBe(true);
	});
});
