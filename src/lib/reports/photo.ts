/** Photos are resized so the longest edge is at most this, then re-encoded as JPEG. */
export const PHOTO_MAX_EDGE = 1280;
export const PHOTO_QUALITY = 0.8;

/** The size that fits within `max` on the longest edge, keeping the proportions; never enlarged. */
export function fitWithin(width: number, height: number, max = PHOTO_MAX_EDGE): { width: number; height: number } {
	const scale = Math.min(1, max / Math.max(width, height));
	return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export { hasExif } from '$lib/domain/jpeg.ts';

/**
 * Resizes a photo on the device and re-encodes it through a canvas. Re-encoding keeps only the
 * pixels: EXIF, GPS included, is left behind. Orientation is applied first (`from-image`), so the
 * photo still shows the right way up without its EXIF.
 */
export async function processPhoto(file: Blob): Promise<Blob> {
	const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	const { width, height } = fitWithin(bitmap.width, bitmap.height);
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	const context = canvas.getContext('2d');
	if (!context) throw new Error('No 2D canvas on this device');
	context.drawImage(bitmap, 0, 0, width, height);
	bitmap.close();
	return new Promise((resolve, reject) =>
		canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('Could not encode the photo'))), 'image/jpeg', PHOTO_QUALITY)
	);
}
