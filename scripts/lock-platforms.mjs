// The package registry this project installs from serves only the linux-x64 builds of some
// packages' platform binaries (rollup, @lix-js/sdk, jco). npm then leaves the other platforms'
// optional entries out of package-lock.json, and `npm ci` refuses the lock as "Missing: … from
// lock file". This script writes those entries back with the os/cpu/libc that their names state,
// so npm ci skips them as it skips any optional package for another platform.
// Run it after every `npm install`: node scripts/lock-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

const osNames = ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'openharmony', 'win32', 'sunos', 'netbsd', 'aix'];
const cpuNames = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el'];

function platformOf(name) {
	const parts = name.split('/').pop().split('-');
	const os = osNames.find((o) => parts.includes(o));
	const cpu = cpuNames.find((c) => parts.includes(c)) ?? (parts.includes('eabi') || parts.includes('gnueabihf') || parts.includes('musleabihf') ? 'arm' : undefined);
	if (!os || !cpu) return undefined;
	const libc = parts.some((p) => p.startsWith('musl')) ? ['musl'] : os === 'linux' && parts.some((p) => p.startsWith('gnu')) ? ['glibc'] : undefined;
	return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
}

let added = 0;
for (const [path, meta] of Object.entries(packages)) {
	for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
		const nested = `${path ? path + '/' : ''}node_modules/${dep}`;
		const hoisted = `node_modules/${dep}`;
		if (packages[nested] || packages[hoisted]) continue;
		const platform = platformOf(dep);
		if (!platform) continue;
		packages[hoisted] = { version, optional: true, ...platform };
		added++;
	}
}

if (added) {
	lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
	writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
}
console.log(`lock-platforms: ${added} optional platform entr${added === 1 ? 'y' : 'ies'} added`);
