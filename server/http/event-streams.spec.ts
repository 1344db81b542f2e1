import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EventStreams } from './event-streams.ts';

let server: Server | undefined;
let streams: EventStreams | undefined;
afterEach(async () => {
	streams?.closeAll();
	await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

/** A real loopback server whose every request opens a stream under `?key=`, with session `?session=`. */
async function serve(options: ConstructorParameters<typeof EventStreams>[0] = {}): Promise<{ open(key: string, session?: string): Promise<{ text(): string; ended: Promise<void> }> }> {
	const opened = new EventStreams(options);
	streams = opened;
	server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://x');
		opened.open(url.searchParams.get('key') ?? '', res, url.searchParams.get('session'));
	});
	await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		async open(key, session = 's') {
			const response = await fetch(`http://127.0.0.1:${port}/?key=${key}&session=${session}`);
			expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
			let text = '';
			if (!response.body) throw new Error('no body');
			const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
			const ended = (async () => {
				for (;;) {
					const { value, done } = await reader.read();
					if (done) return;
					text += value;
				}
			})();
			return { text: () => text, ended };
		}
	};
}

const until = async (check: () => boolean) => {
	while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('EventStreams', () => {
	it('sends an event only to the streams of its key, in the event-stream format', async () => {
		const s = await serve();
		const a = await s.open('providencia');
		const b = await s.open('las-condes');
		await until(() => streams?.count('providencia') === 1 && streams.count('las-condes') === 1);
		expect(streams?.sendTo('providencia', 'incident', { id: 'i1' }, 'i1')).toBe(1);
		await until(() => a.text().includes('event: incident'));
		expect(a.text()).toBe('retry: 5000\n\nevent: incident\nid: i1\ndata: {"id":"i1"}\n\n');
		expect(b.text()).toBe('retry: 5000\n\n');
	});

	it('ends the streams of a revoked session only, and beats the heartbeat it was given', async () => {
		const s = await serve({ heartbeatMs: 20, heartbeat: 'event: ping\ndata: {}\n\n' });
		const revoked = await s.open('providencia', 'old');
		const kept = await s.open('providencia', 'new');
		await until(() => streams?.count('providencia') === 2);
		expect(streams?.endSession('old')).toBe(1);
		await revoked.ended;
		await until(() => kept.text().includes('event: ping'));
		await until(() => streams?.count('providencia') === 1);
	});
});
