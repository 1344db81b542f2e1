import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, root, startServer, tempDataDir, type TestServer } from '../support/server.ts';
import { npmScript } from './staff-support.ts';

/** `npm run municipality` on a real SQLite file, as the server operator runs it: the real process, its output and exit code. */
const dataDir = tempDataDir('cuadra-municipality-');
const cli = (args: string[]) => npmScript('municipality', args, { CUADRA_DATA_DIR: dataDir });
const example = () => JSON.parse(readFileSync(join(root, 'docs/examples/municipality.json'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let fileNo = 0;
const file = (content: unknown) => {
	const path = join(dataDir, `config-${++fileNo}.json`);
	writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
	return path;
};
/** Everything kept about municipalities, to show that a refusal wrote nothing. */
function storeState(): unknown {
	const db = new Database(join(dataDir, 'cuadra.sqlite'), { readonly: true });
	try {
		return ['municipality', 'category', 'municipality_change'].map((t) => db.prepare(`select * from ${t} order by 1, 2`).all());
	} finally {
		db.close();
	}
}
const refusedWhole = async (args: string[], problems: (string | RegExp)[]) => {
	const before = storeState();
	const result = await cli(args);
	expect(result, result.stderr).toMatchObject({ code: 1, stdout: '' });
	expect(result.stderr).toMatch(/has (a problem|\d+ problems), so nothing was written:\n/);
	const listed = result.stderr.split('\n').filter((l) => l.startsWith('  '));
	expect(listed).toHaveLength(problems.length);
	problems.forEach((p, i) => expect(listed[i]).toMatch(typeof p === 'string' ? new RegExp(`^  ${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) : p));
	expect(storeState()).toEqual(before);
	return result;
};
let server: TestServer | undefined;

beforeAll(async () => {
	// The first start creates the store with the demo comunas; the server is then stopped.
	await (await startServer({ dataDir })).stop();
});
afterAll(async () => {
	await server?.stop();
	removeDir(dataDir);
});

describe('npm run municipality, with the server stopped', () => {
	it('refuses a bad boundary, naming each position at fault', async () => {
		const config = example();
		config.boundary.coordinates[0][6] = [-70.6, -33.44];
		config.boundary.coordinates[0][2] = [-200, -33.45];
		await refusedWhole(['add', file(config)], ['boundary.coordinates.0.2.0: must be a longitude from -180 to 180', 'boundary.coordinates.0: is not closed: its last position must be the same as its first']);
		const point = { ...example(), boundary: { type: 'Point', coordinates: [-70.6, -33.45] } };
		await refusedWhole(['add', file(point)], ['boundary.type: must be a GeoJSON Polygon or MultiPolygon']);
	});

	it('refuses a category that is not in the catalogue', async () => {
		const config = example();
		config.categories[12].key = 'towels_drying';
		await refusedWhole(['add', file(config)], [/^ {2}categories\.12\.key: is not in the catalogue: "towels_drying"\. Known: robbery, /]);
	});

	it('refuses a missing translation, and lists every problem of the file at once', async () => {
		const config = example();
		delete config.securityLine.label['pt-BR'];
		delete config.autoAnswer.en;
		config.categories[11].handledBy = { name: 'Enel' };
		config.serviceHours = 'always';
		await refusedWhole(['add', file(config)], [
			'securityLine.label.pt-BR: is required',
			'serviceHours: must be "24/7" or opening hours',
			'categories.11.handledBy: needs a phone or a web address',
			'autoAnswer.en: is required'
		]);
	});

	it('refuses a duplicate id, and an update of a municipality that is not there', async () => {
		const before = storeState();
		const taken = await cli(['add', file({ ...example(), id: 'providencia' })]);
		expect(taken).toMatchObject({ code: 1, stdout: '' });
		expect(taken.stderr.trim()).toBe('There is already a municipality "providencia". To change it: npm run municipality -- update <file>.');
		const unknown = await cli(['update', file(example())]);
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toContain('There is no municipality "nunoa". Known: las-condes, providencia.');
		expect(storeState()).toEqual(before);
	});

	it('refuses a file that is not there or not JSON, an import with one bad municipality, and bad usage', async () => {
		const before = storeState();
		const missing = await cli(['add', join(dataDir, 'nowhere.json')]);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toContain('nowhere.json: there is no such file.');
		const notJson = await cli(['add', file('{ "id": "nunoa",')]);
		expect(notJson.code).toBe(1);
		expect(notJson.stderr).toMatch(/is not JSON, so nothing was written/);
		const bad = example();
		bad.numbers[0].label.en = '';
		await refusedWhole(['import', file({ municipalities: [{ ...example(), id: 'nunoa-norte' }, bad] })], ['municipalities.1.numbers.0.label.en: must not be empty']);
		const twice = await cli(['import', file({ municipalities: [example(), example()] })]);
		expect(twice.stderr).toContain('municipalities.1.id: "nunoa" is listed twice');
		for (const args of [['add'], ['remove', 'nunoa'], ['show', 'Ñuñoa'], ['list', 'extra'], ['export', '--reason', 'x'], ['add', 'f.json', '--reason', '']]) {
			const usage = await cli(args);
			expect(usage.code, args.join(' ')).toBe(64);
			expect(usage.stderr).toContain('Usage: npm run municipality -- <command>');
		}
		const nowhere = await npmScript('municipality', ['list'], { CUADRA_DATA_DIR: join(dataDir, 'typo') });
		expect(nowhere.code).toBe(1);
		expect(nowhere.stderr).toContain('There is no Cuadra store at');
		const config = await npmScript('municipality', ['list'], { CUADRA_DATABASE: 'postgres' });
		expect(config.code).toBe(78);
		expect(storeState()).toEqual(before);
	}, 120_000);

	it('adds a municipality from a file, shows and lists it', async () => {
		const added = await cli(['add', join(root, 'docs/examples/municipality.json'), '--reason', 'Decreto alcaldicio 123']);
		expect(added, added.stderr).toMatchObject({ code: 0, stderr: '' });
		expect(added.stdout).toContain('Added Ñuñoa (nunoa). Its first admin: npm run staff -- add <username> --municipality nunoa --role admin');
		const shown = await cli(['show', 'nunoa']);
		expect(shown.code).toBe(0);
		expect(shown.stdout).toMatch(/^ {4}power_outage +not handled here: Enel 600 696 0000 https:\/\/www\.enel\.cl; acknowledge within 1 h, close within 1 d$/m);
		expect(shown.stdout).toMatch(/^ {2}\S+ \S+ UTC {2}server operator added it: "Decreto alcaldicio 123"$/m);
		const list = await cli(['list']);
		expect(list.stdout.trim().split('\n').map((l) => l.split(/ {2,}/).slice(0, 3))).toEqual([
			['id', 'name', 'categories offered'],
			['las-condes', 'Las Condes', '13'],
			['nunoa', 'Ñuñoa', '12'],
			['providencia', 'Providencia', '12']
		]);
	});
});

describe('npm run municipality, with the server running', () => {
	beforeAll(async () => {
		server = await startServer({ dataDir, env: { CUADRA_SEED: 'none' } });
	});
	const publicConfig = async () => (await (await fetch(`${server!.url}/api/config`)).json()) as { municipalities: { id: string; categories: { key: string }[]; emergencyNumbers: { number: string; label: Record<string, string> }[] }[] };

	it('an update is served at once, and is recorded with what it replaced', async () => {
		const out = join(dataDir, 'providencia.json');
		const exported = await cli(['export', 'providencia', '--out', out]);
		expect(exported, exported.stderr).toMatchObject({ code: 0, stdout: `Wrote ${out}.\n` });
		const config = JSON.parse(readFileSync(out, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
		config.securityLine.label = { 'es-CL': 'Central de Seguridad', en: 'Security centre', 'pt-BR': 'Central de Segurança' };
		config.categories.find((c: { key: string }) => c.key === 'dumped_rubbish').status = 'hidden';
		const updated = await cli(['update', file(config), '--reason', 'Aseo lo recibe por su propia línea']);
		expect(updated, updated.stderr).toMatchObject({ code: 0, stdout: 'Updated Providencia (providencia); the change is recorded.\n' });
		const providencia = (await publicConfig()).municipalities.find((m) => m.id === 'providencia');
		expect(providencia?.emergencyNumbers.at(-1)?.label['es-CL']).toBe('Central de Seguridad');
		expect(providencia?.categories.map((c) => c.key)).not.toContain('dumped_rubbish');
		const db = new Database(join(dataDir, 'cuadra.sqlite'), { readonly: true });
		try {
			const row = db.prepare("select actor_id, action, reason, previous, config from municipality_change where municipality_id = 'providencia' order by at desc limit 1").get() as { actor_id: null; action: string; reason: string; previous: string; config: string };
			expect(row).toMatchObject({ actor_id: null, action: 'updated', reason: 'Aseo lo recibe por su propia línea' });
			expect(JSON.parse(row.previous).securityLine.label['es-CL']).toBe('Seguridad Providencia');
			expect(JSON.parse(row.config)).toEqual(config);
		} finally {
			db.close();
		}
		const same = await cli(['update', file(config)]);
		expect(same.stdout).toContain('already has exactly this configuration: nothing changed.');
	});

	it('export and import carry every municipality, all in one go', async () => {
		const out = join(dataDir, 'all.json');
		expect((await cli(['export', '--out', out])).code).toBe(0);
		const all = JSON.parse(readFileSync(out, 'utf8')) as { municipalities: { id: string; name: string }[] };
		expect(all.municipalities.map((m) => m.id)).toEqual(['las-condes', 'nunoa', 'providencia']);
		const printed = await cli(['export', 'nunoa']);
		expect(JSON.parse(printed.stdout)).toEqual(all.municipalities[1]);
		for (const m of all.municipalities) m.name = `${m.name} (copia)`;
		const imported = await cli(['import', file(all), '--reason', 'restored from backup']);
		expect(imported, imported.stderr).toMatchObject({ code: 0 });
		expect(imported.stdout.trim().split('\n')).toEqual(['Updated Las Condes (copia) (las-condes); the change is recorded.', 'Updated Ñuñoa (copia) (nunoa); the change is recorded.', 'Updated Providencia (copia) (providencia); the change is recorded.']);
		expect((await publicConfig()).municipalities.map((m) => m.id)).toEqual(['las-condes', 'nunoa', 'providencia']);
	});
});
