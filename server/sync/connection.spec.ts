import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/sync/protocol.ts';
import type { ConnectionHost } from './connection.ts';
import { SocketConnection } from './connection.ts';
import { testPrincipal } from './test-connection.ts';

/** A socket and a ws stand-in recording what happens to them; `buffered` is ws's bufferedAmount. */
function fakes() {
	const log: string[] = [];
	const callbacks: (() => void)[] = [];
	const socket = { destroyed: false, cork: () => log.push('cork'), uncork: () => log.push('uncork') } as unknown as Duplex;
	const ws = {
		OPEN: 1,
		readyState: 1,
		bufferedAmount: 0,
		send(message: Uint8Array, done?: () => void) {
			log.push(`send ${message.byteLength}`);
			if (done) callbacks.push(done);
		},
		close(code: number) {
			log.push(`close ${code}`);
		}
	};
	const conn = new SocketConnection(ws as unknown as WebSocket, {} as ConnectionHost, testPrincipal('ana'), 'write', socket, 1000);
	return { log, ws, conn, callbacks };
}
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('SocketConnection', () => {
	it('writes a turn’s first message at once and corks the socket for the rest of the turn', async () => {
		const { log, conn } = fakes();
		conn.send(new Uint8Array(10));
		expect(log).toEqual(['send 10']);
		conn.send(new Uint8Array(20));
		conn.send(new Uint8Array(30));
		expect(log).toEqual(['send 10', 'cork', 'send 20', 'send 30']);
		await turn();
		expect(log.at(-1)).toBe('uncork');
		// A new turn starts uncorked again.
		conn.send(new Uint8Array(5));
		expect(log.at(-1)).toBe('send 5');
		await turn();
		expect(log.filter((l) => l === 'cork')).toHaveLength(1);
	});

	it('drops a socket with more than its limit waiting with 4008, and sends it nothing more', () => {
		const { log, ws, conn } = fakes();
		ws.bufferedAmount = 1001;
		conn.send(new Uint8Array(10));
		conn.send(new Uint8Array(10));
		expect(log).toEqual([`close ${CloseCode.tooSlow}`]);
		expect(conn.closed).toBe(true);
	});

	it('lets one large message (a SyncStep2) wait beside the limit, not two', () => {
		const { log, ws, conn, callbacks } = fakes();
		conn.send(new Uint8Array(64 * 1024));
		ws.bufferedAmount = 64 * 1024 + 500;
		conn.send(new Uint8Array(100));
		expect(conn.closed).toBe(false);
		conn.send(new Uint8Array(64 * 1024));
		ws.bufferedAmount += 64 * 1024;
		conn.send(new Uint8Array(100));
		expect(log.at(-1)).toBe(`close ${CloseCode.tooSlow}`);
		// Once written, the large message no longer counts either way.
		expect(callbacks).toHaveLength(1);
	});
});
