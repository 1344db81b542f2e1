import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/index.ts';
import { useSeededStore } from '../db/test-store.ts';
import { acceptReport } from './accept.ts';
import { purgeUnattachedPhotos, readPhoto, storePhoto } from './photos.ts';

let db: Db;
const now = new Date('2026-11-21T12:00:00Z');
const clean = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0x4a, 0x46, 0xff, 0xda, 0, 2, 1, 2, 3, 0xff, 0xd9]);
const withExif = new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0, 8, 0x45, 0x78, 0x69, 0x66, 0, 0, 0xff, 0xda, 0, 2, 0xff, 0xd9]);

useSeededStore((opened) => (db = opened));

describe('report photos', () => {
	it('stores a clean JPEG once, accepts the same bytes again, refuses other bytes under its id', async () => {
		const id = randomUUID();
		expect(await storePhoto(db, id, clean, null, now)).toEqual({ ok: true, created: true });
		expect(await storePhoto(db, id, clean, null, now)).toEqual({ ok: true, created: false });
		expect(await storePhoto(db, id, new Uint8Array([...clean, 0]), null, now)).toMatchObject({ ok: false, code: 'id_taken' });
	});

	it('refuses photos that carry EXIF, are not JPEG or are too large', async () => {
		expect(await storePhoto(db, randomUUID(), withExif, null, now)).toMatchObject({ ok: false, status: 422, code: 'has_exif' });
		expect(await storePhoto(db, randomUUID(), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0]), null, now)).toMatchObject({ ok: false, code: 'not_jpeg' });
		expect(await storePhoto(db, randomUUID(), new Uint8Array(2_000_000), null, now)).toMatchObject({ ok: false, code: 'too_large' });
	});

	it('serves a photo only once its report is accepted, and shows only uploaded photos', async () => {
		const uploaded = randomUUID();
		const missing = randomUUID();
		await storePhoto(db, uploaded, clean, null, now);
		expect(await readPhoto(db, uploaded)).toBeNull();
		const result = await acceptReport(
			db,
			null,
			{ id: randomUUID(), category: 'dumped_rubbish', description: '', location: { kind: 'point', point: [-70.6128, -33.4255], source: 'map' }, consentToCall: false, reportedAt: now.toISOString(), photoIds: [uploaded, missing] },
			now
		);
		if (!result.ok) throw new Error(result.message);
		expect(result.receipt.report.photoIds).toEqual([uploaded]);
		expect([...((await readPhoto(db, uploaded)) ?? [])]).toEqual([...clean]);
	});

	it('deletes photos whose report never arrived after seven days', async () => {
		await storePhoto(db, randomUUID(), clean, null, now);
		expect(await purgeUnattachedPhotos(db, new Date('2026-11-25T00:00:00Z'))).toBe(0);
		expect(await purgeUnattachedPhotos(db, new Date('2026-11-29T00:00:00Z'))).toBe(1);
	});
});
