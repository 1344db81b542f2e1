import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './server.ts';

/**
 * Browser tests run against the production build. It is built once per run unless
 * CUADRA_SKIP_BUILD=1 says the build in ./build is current (handy while writing a test).
 */
export default function setup(): void {
	if (process.env.CUADRA_SKIP_BUILD === '1' && existsSync(join(root, 'build/handler.js'))) return;
	execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
		cwd: root,
		stdio: 'inherit'
	});
}
