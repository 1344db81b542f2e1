/** Pure checks on JPEG bytes, shared by the device (before upload) and the server (on upload). */

export function isJpeg(bytes: Uint8Array): boolean {
	return bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** Whether JPEG bytes carry an EXIF (APP1 "Exif") segment, where cameras put GPS positions. */
export function hasExif(bytes: Uint8Array): boolean {
	if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return false;
	let i = 2;
	while (i + 4 <= bytes.length) {
		if (bytes[i] !== 0xff) return false;
		const marker = bytes[i + 1] as number;
		if (marker === 0xda || marker === 0xd9) return false; // image data starts: no more metadata
		const length = ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number);
		if (marker === 0xe1 && String.fromCharCode(...bytes.subarray(i + 4, i + 8)) === 'Exif') return true;
		i += 2 + length;
	}
	return false;
}
