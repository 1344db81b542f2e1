import { describe, expect, it } from 'vitest';
import { exportAccount } from '../account/export.ts';
import { changeStaffPassword, createSession } from '../auth/sessions.ts';
import { hashToken } from '../auth/tokens.ts';
import type { Db } from '../db/index.ts';
import { useSeededStore } from '../db/test-store.ts';
import { syncDocs, type SyncDocs } from '../sync/docs.ts';
import { SqliteSyncStore } from '../sync/store/sqlite.ts';
import { staffLog } from './audit.ts';
import { formatLog } from './command.ts';
import { addStaff, removeStaff, resetStaffPassword, StaffRefused } from './store.ts';

let db: Db;
let docs: SyncDocs;
useSeededStore((opened, sqlite) => {
	db = opened;
	docs = syncDocs(new SqliteSyncStore(opened, sqlite), () => Promise.reject(new Error('no server writes in this spec')));
});

const idOf = async (username: string) => (await db.selectFrom('user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('the record of staff changes', () => {
	it('records who added, reset and removed whom, in the same transaction, newest first', async () => {
		const admin = await idOf('admin@providencia');
		const { account } = await addStaff(db, { username: 'pedro@providencia', municipalityId: 'providencia', role: 'operator' }, { actor: admin });
		await tick();
		await resetStaffPassword(db, { username: 'pedro@providencia' });
		await tick();
		await removeStaff(db, { id: account.id }, { municipalityId: 'providencia', actor: admin });

		const log = await staffLog(db, { municipalityId: 'providencia' });
		expect(log.map((e) => [e.action, e.actor?.username ?? null, e.user.username, e.role, e.municipalityId])).toEqual([
			['removed', 'admin@providencia', 'pedro@providencia', 'operator', 'providencia'],
			['password_reset', null, 'pedro@providencia', null, null],
			['added', 'admin@providencia', 'pedro@providencia', 'operator', 'providencia']
		]);
		expect(formatLog(log).split('\n').map((line) => line.replace(/^\S+ \S+ UTC {2}/, ''))).toEqual([
			'admin@providencia removed pedro@providencia as operator of providencia',
			'server operator reset the password of pedro@providencia',
			'admin@providencia added pedro@providencia as operator of providencia'
		]);
		// Both people find it in the download of their account data.
		expect((await exportAccount(db, docs, account.id)).staffChanges.map((c) => c.action)).toEqual(['added', 'password_reset', 'removed']);
		expect((await exportAccount(db, docs, admin)).staffChanges).toEqual([
			expect.objectContaining({ action: 'added', byAccountId: admin, accountId: account.id }),
			expect.objectContaining({ action: 'removed', byAccountId: admin, accountId: account.id, municipalityId: 'providencia', role: 'operator' })
		]);
		// Another municipality's admins see none of it.
		expect(await staffLog(db, { municipalityId: 'las-condes' })).toEqual([]);
		expect(formatLog([], 'las-condes')).toBe('No changes to the staff of las-condes are recorded.');
	});

	it('records a refused change not at all', async () => {
		const admin = await idOf('admin@providencia');
		await expect(removeStaff(db, { id: admin }, { municipalityId: 'providencia', actor: admin })).rejects.toBeInstanceOf(StaffRefused);
		await expect(addStaff(db, { username: 'operator@providencia', municipalityId: 'providencia', role: 'admin' })).rejects.toBeInstanceOf(StaffRefused);
		expect(await staffLog(db)).toEqual([]);
	});

	it('records a password changed by its owner, shown to the municipalities they work for', async () => {
		const operator = await idOf('operator@las-condes');
		const { token } = await createSession(db, operator, 3600);
		const current = 'x'.repeat(20);
		// The demo seed's password is printed, not known here: set one through a reset first.
		const { password } = await resetStaffPassword(db, { id: operator });
		await tick();
		expect(await changeStaffPassword(db, { userId: operator, current: password, next: current, keep: hashToken(token) })).toEqual({ ended: [] });
		const log = await staffLog(db, { municipalityId: 'las-condes' });
		expect(log[0]).toMatchObject({ action: 'password_changed', actor: { id: operator }, user: { id: operator } });
		expect(formatLog(log.slice(0, 1))).toMatch(/ operator@las-condes changed their own password$/);
		expect((await staffLog(db, { municipalityId: 'providencia' })).map((e) => e.action)).toEqual([]);
	});
});
