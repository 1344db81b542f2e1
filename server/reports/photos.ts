import type { Db } from '../db/index.ts';
import { hasExif, isJpeg } from '../../src/lib/domain/jpeg.ts';
import { reportsStore } from './schema.ts';

/** Photos are resized on the device to 1280 px; 1.5 MB leaves room and refuses raw camera files. */
export const PHOTO_MAX_BYTES = 1_500_000;
/** Photos whose report never arrived are deleted after this many days. */
export const UNATTACHED_PHOTO_DAYS = 7;

export type PhotoResult =
	| { ok: true; created: boolean }
	| { ok: false; status: number; code: 'not_jpeg' | 'has_exif' | 'too_large' | 'id_taken'; message: string };

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/**
 * Stores one photo under the id the device chose. Idempotent: the same bytes again are fine (an
 * upload that was cut and is tried again); other bytes under a taken id are refused. Photos that
 * still carry EXIF are refused: the device must strip it before the photo leaves the phone.
 */
export async function storePhoto(db: Db, id: string, bytes: Uint8Array, uploaderId: string | null, now: Date = new Date()): Promise<PhotoResult> {
	if (bytes.length > PHOTO_MAX_BYTES) return { ok: false, status: 413, code: 'too_large', message: `Photos may be at most ${PHOTO_MAX_BYTES} bytes.` };
	if (!isJpeg(bytes)) return { ok: false, status: 415, code: 'not_jpeg', message: 'Send the photo as a JPEG.' };
	if (hasExif(bytes)) return { ok: false, status: 422, code: 'has_exif', message: 'The photo still carries EXIF data (it can hold a location). Remove it before sending.' };
	const store = reportsStore(db);
	const existing = await store.selectFrom('report_photo').select(['bytes']).where('id', '=', id).executeTakeFirst();
	if (existing) {
		return sameBytes(existing.bytes, bytes) ? { ok: true, created: false } : { ok: false, status: 409, code: 'id_taken', message: 'Another photo already has this id.' };
	}
	await store
		.insertInto('report_photo')
		.values({ id, report_id: null, uploader_id: uploaderId, bytes: Buffer.from(bytes), size: bytes.length, created_at: now.toISOString() })
		.execute();
	return { ok: true, created: true };
}

/**
 * A photo's bytes, only once it belongs to an accepted report and while it is one of the report's
 * photos: a photo the municipality hid (issue 16) is out of `photo_ids` and no longer served.
 */
export async function readPhoto(db: Db, id: string): Promise<Uint8Array | null> {
	const row = await reportsStore(db)
		.selectFrom('report_photo')
		.innerJoin('report', 'report.id', 'report_photo.report_id')
		.select(['report_photo.bytes', 'report.photo_ids'])
		.where('report_photo.id', '=', id)
		.executeTakeFirst();
	return row && (JSON.parse(row.photo_ids) as string[]).includes(id) ? row.bytes : null;
}

/** Deletes photos whose report never arrived. */
export async function purgeUnattachedPhotos(db: Db, now: Date = new Date()): Promise<number> {
	const before = new Date(now.getTime() - UNATTACHED_PHOTO_DAYS * 86_400_000).toISOString();
	const result = await reportsStore(db).deleteFrom('report_photo').where('report_id', 'is', null).where('created_at', '<', before).executeTakeFirst();
	return Number(result.numDeletedRows);
}
