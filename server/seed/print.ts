import type { SeededCredential } from './demo.ts';

/** The one and only time generated passwords are shown: they are stored hashed. */
export function formatCredentials(credentials: SeededCredential[]): string {
	const width = Math.max(...credentials.map((c) => c.username.length));
	return [
		'',
		'Demo data seeded: Providencia and Las Condes.',
		'Staff accounts (shown only now; passwords are stored hashed):',
		...credentials.map((c) => `  ${c.username.padEnd(width)}  ${c.password}   (${c.role}, ${c.municipality})`),
		''
	].join('\n');
}
