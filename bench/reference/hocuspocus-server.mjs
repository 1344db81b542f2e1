// Hocuspocus 4.7 for the sync bench (bench/sync.bench.ts), as its docs start it: no extensions.
import { Server } from '@hocuspocus/server';

const port = Number(process.env.PORT);
const server = new Server({ port, address: '127.0.0.1', quiet: true });
await server.listen();
console.log(`running at 127.0.0.1:${port}`);
