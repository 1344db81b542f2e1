import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The files the install screenshots (the home screen, in es-CL) are drawn from. */
export const screenshotInputs = [
	'src/app.css',
	'src/routes/+layout.svelte',
	'src/routes/+page.svelte',
	'src/lib/components/AppNav.svelte',
	'src/lib/reports/ReportsHome.svelte',
	'src/lib/reports/MunicipalityChooser.svelte',
	'src/lib/reports/ReportMap.svelte',
	'messages/app/es-CL.json',
	'static/icons/icon.svg'
];

/** `{ file: sha256 }` of each input, read from the repository root (the working directory). */
export function hashInputs(files) {
	return Object.fromEntries(files.map((file) => [file, createHash('sha256').update(readFileSync(file)).digest('hex')]));
}
