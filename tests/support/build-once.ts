import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './server.ts';

/**
 * Integration and browser tests run against the production build. It is built once per run unless
 * CUADRA_SKIP_BUILD=1 says the build in ./build is current (handy while writing a test; with
 * CUADRA_TEST_FROM_SOURCE=1 too, the tests' servers run server/main.ts, so a change to the server
 * needs no rebuild).
 */
export default function setup(): void {
	if (process.env.CUADRA_SKIP_BUILD === '1' && existsSync(join(root, 'build/handler.js')) && existsSync(join(root, 'build/cuadra-server.js'))) return;
	// Several projects list this setup; global setups share one process, so build once per run.
	if (process.env.CUADRA_BUILT_THIS_RUN === '1') return;
	process.env.CUADRA_BUILT_THIS_RUN = '1';
	execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
		cwd: root,
		stdio: 'inherit'
	});
	execFileSync(process.execPath, [join(root, 'scripts/build-server.mjs')], { cwd: root, stdio: 'inherit' });
}
