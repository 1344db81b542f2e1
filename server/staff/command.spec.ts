import { describe, expect, it } from 'vitest';
import { formatAdded, formatList, formatRemoved, parseCommand } from './command.ts';

const problem = (argv: string[]) => {
	const parsed = parseCommand(argv);
	if (parsed.ok) throw new Error(`expected a problem with ${argv.join(' ')}`);
	return parsed.problem;
};

describe('npm run staff: arguments', () => {
	it('reads each command', () => {
		expect(parseCommand(['add', 'maria@providencia', '--municipality', 'providencia', '--role', 'admin', '--display-name', 'María Pérez'])).toEqual({
			ok: true,
			command: { name: 'add', username: 'maria@providencia', municipalityId: 'providencia', role: 'admin', displayName: 'María Pérez' }
		});
		expect(parseCommand(['remove', 'maria@providencia'])).toEqual({ ok: true, command: { name: 'remove', username: 'maria@providencia' } });
		expect(parseCommand(['remove', 'maria@providencia', '--municipality=providencia'])).toEqual({ ok: true, command: { name: 'remove', username: 'maria@providencia', municipalityId: 'providencia' } });
		expect(parseCommand(['reset-password', 'maria@providencia'])).toEqual({ ok: true, command: { name: 'reset-password', username: 'maria@providencia' } });
		expect(parseCommand(['list'])).toEqual({ ok: true, command: { name: 'list' } });
		expect(parseCommand(['list', '--municipality', 'las-condes'])).toEqual({ ok: true, command: { name: 'list', municipalityId: 'las-condes' } });
		expect(parseCommand(['log'])).toEqual({ ok: true, command: { name: 'log' } });
		expect(parseCommand(['log', '--municipality', 'providencia'])).toEqual({ ok: true, command: { name: 'log', municipalityId: 'providencia' } });
		for (const help of [[], ['help'], ['--help'], ['add', '-h']]) expect(parseCommand(help)).toEqual({ ok: true, command: { name: 'help' } });
	});

	it('says what is wrong with bad input', () => {
		expect(problem(['promote', 'x'])).toBe('Unknown command "promote".');
		expect(problem(['add'])).toBe('add needs a <username>.');
		expect(problem(['add', 'maria@providencia', '--role', 'admin'])).toBe('add needs --municipality.');
		expect(problem(['add', 'maria@providencia'])).toBe('add needs --municipality and --role.');
		expect(problem(['add', 'maria@providencia', '--municipality', 'providencia', '--role', 'boss'])).toMatch(/^--role .*"operator"\|"admin"/);
		expect(problem(['add', 'María', '--municipality', 'providencia', '--role', 'admin'])).toMatch(/^<username> must be 3 to 100 lowercase letters/);
		expect(problem(['add', 'ab', '--municipality', 'providencia', '--role', 'admin'])).toMatch(/^<username> must be/);
		expect(problem(['add', 'maria', '--municipality', 'Providencia', '--role', 'admin'])).toMatch(/^--municipality must be a municipality id/);
		expect(problem(['add', 'maria', '--municipality', 'providencia', '--role', 'admin', '--display-name', '<b>'])).toBe('--display-name must not contain < or >.');
		expect(problem(['add', 'maria', 'extra', '--municipality', 'providencia', '--role', 'admin'])).toBe('add does not take "extra".');
		expect(problem(['list', '--role', 'admin'])).toBe('--role is not an option of list.');
		expect(problem(['list', 'maria'])).toBe('list does not take "maria".');
		expect(problem(['log', 'maria'])).toBe('log does not take "maria".');
		expect(problem(['reset-password', 'maria', '--municipality', 'providencia'])).toBe('--municipality is not an option of reset-password.');
		expect(problem(['list', '--bogus'])).toMatch(/--bogus/);
		expect(problem(['list', '--municipality'])).toMatch(/--municipality/);
	});
});

describe('npm run staff: output', () => {
	const account = { id: 'u1', username: 'maria@providencia', displayName: null, createdAt: '2026-01-02T03:04:05.000Z', lastSignInAt: null, memberships: [{ municipalityId: 'providencia', role: 'admin' as const }] };

	it('prints a new password once, on a line of its own', () => {
		const text = formatAdded(account, 'abcde-fghjk-mnpqr-stuvw');
		expect(text).toMatch(/^Added maria@providencia: admin of providencia\.$/m);
		expect(text).toMatch(/^ {2}abcde-fghjk-mnpqr-stuvw$/m);
		expect(text.split('abcde-fghjk-mnpqr-stuvw')).toHaveLength(2);
	});

	it('says whether sign-in is closed and how many sessions ended', () => {
		expect(formatRemoved({ username: 'maria@providencia', removed: account.memberships, accountClosed: true, sessionHashes: ['a', 'b'] })).toBe(
			[
				'Removed maria@providencia: no longer admin of providencia.',
				'No staff role is left: they can no longer sign in. Their account stays as the record of what they did.',
				'Ended 2 sessions; a running server closes their open connections within seconds.'
			].join('\n')
		);
	});

	it('lists in aligned columns, removed people included', () => {
		const removed = { ...account, id: 'u2', username: 'luis', displayName: 'Luis', memberships: [], lastSignInAt: '2026-02-03T04:05:06.000Z' };
		expect(formatList([account, removed]).split('\n')).toEqual([
			'username           roles                     added                 last sign-in          display name',
			'maria@providencia  admin of providencia      2026-01-02 03:04 UTC  never',
			'luis               removed (cannot sign in)  2026-01-02 03:04 UTC  2026-02-03 04:05 UTC  Luis'
		]);
		expect(formatList([], 'providencia')).toBe('providencia has no staff.');
	});
});
