import { describe, expect, it } from 'vitest';
import { formatProblems, parseCommand, readConfigs } from './command.ts';

const problem = (argv: string[]) => {
	const parsed = parseCommand(argv);
	if (parsed.ok) throw new Error(`expected a problem with ${argv.join(' ')}`);
	return parsed.problem;
};

describe('npm run municipality: arguments', () => {
	it('reads each command', () => {
		expect(parseCommand(['add', 'nunoa.json', '--reason', ' Decreto 12 '])).toEqual({ ok: true, command: { name: 'add', file: 'nunoa.json', reason: 'Decreto 12' } });
		expect(parseCommand(['update', 'nunoa.json'])).toEqual({ ok: true, command: { name: 'update', file: 'nunoa.json' } });
		expect(parseCommand(['import', 'all.json', '--reason=backup'])).toEqual({ ok: true, command: { name: 'import', file: 'all.json', reason: 'backup' } });
		expect(parseCommand(['show', 'las-condes'])).toEqual({ ok: true, command: { name: 'show', id: 'las-condes' } });
		expect(parseCommand(['export'])).toEqual({ ok: true, command: { name: 'export' } });
		expect(parseCommand(['export', 'nunoa', '--out', 'n.json'])).toEqual({ ok: true, command: { name: 'export', id: 'nunoa', out: 'n.json' } });
		expect(parseCommand(['list'])).toEqual({ ok: true, command: { name: 'list' } });
		for (const help of [[], ['help'], ['--help'], ['add', '-h']]) expect(parseCommand(help)).toEqual({ ok: true, command: { name: 'help' } });
	});

	it('says what is wrong with bad input', () => {
		expect(problem(['delete', 'nunoa'])).toBe('Unknown command "delete".');
		expect(problem(['add'])).toBe('add needs a <file>.');
		expect(problem(['show'])).toBe('show needs a <id>.');
		expect(problem(['show', 'Ñuñoa'])).toMatch(/^<id> must be 1 to 64 lowercase letters/);
		expect(problem(['list', 'nunoa'])).toBe('list does not take "nunoa".');
		expect(problem(['add', 'a.json', 'b.json'])).toBe('add does not take "b.json".');
		expect(problem(['show', 'nunoa', '--reason', 'x'])).toBe('--reason is not an option of show.');
		expect(problem(['add', 'a.json', '--reason', ''])).toBe('--reason must not be empty.');
		expect(problem(['add', 'a.json', '--reason', 'one\ntwo'])).toBe('--reason must be one line of text.');
		expect(problem(['add', 'a.json', '--bogus'])).toMatch(/--bogus/);
	});
});

describe('npm run municipality: files', () => {
	it('an import file is a list of municipalities, each checked with its index in the path', () => {
		expect(readConfigs({ id: 'x' }, true)).toEqual({ ok: false, problems: [{ path: 'municipalities', message: 'must be a list of municipality configurations (the file export writes)' }] });
		expect(readConfigs({ municipalities: [] }, true)).toMatchObject({ ok: false, problems: [{ path: 'municipalities', message: 'is empty: there is nothing to import' }] });
		const read = readConfigs({ municipalities: [{ id: 'x' }] }, true);
		expect(read.ok).toBe(false);
		if (!read.ok) expect(read.problems[0]).toEqual({ path: 'municipalities.0.name', message: 'is required' });
	});

	it('lists every problem under the file name', () => {
		expect(formatProblems('n.json', [{ path: 'name', message: 'is required' }])).toBe('n.json has a problem, so nothing was written:\n  name: is required');
		expect(formatProblems('n.json', [{ path: 'a', message: 'x' }, { path: 'b', message: 'y' }]).split('\n')[0]).toBe('n.json has 2 problems, so nothing was written:');
	});
});
