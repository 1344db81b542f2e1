import { describe, expect, it } from 'vitest';
import { fitWithin, hasExif } from './photo.ts';

describe('fitWithin', () => {
	it('shrinks the longest edge to the limit, keeps proportions, never enlarges', () => {
		expect(fitWithin(4000, 3000)).toEqual({ width: 1280, height: 960 });
		expect(fitWithin(3000, 4000)).toEqual({ width: 960, height: 1280 });
		expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480 });
	});
});

describe('hasExif', () => {
	const segment = (marker: number, payload: number[]) => [0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];
	const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
	const jpeg = (...segments: number[][]) => new Uint8Array([0xff, 0xd8, ...segments.flat(), 0xff, 0xda, 0, 2, 0xff, 0xd9]);

	it('finds an APP1 Exif segment, also after a JFIF header', () => {
		expect(hasExif(jpeg(segment(0xe1, [...ascii('Exif'), 0, 0, 1, 2, 3])))).toBe(true);
		expect(hasExif(jpeg(segment(0xe0, ascii('JFIF\0')), segment(0xe1, [...ascii('Exif'), 0, 0])))).toBe(true);
	});

	it('finds none in a clean JPEG, an XMP-only APP1 or something that is not a JPEG', () => {
		expect(hasExif(jpeg(segment(0xe0, ascii('JFIF\0'))))).toBe(false);
		expect(hasExif(jpeg(segment(0xe1, ascii('http://ns.adobe.com/xap/1.0/'))))).toBe(false);
		expect(hasExif(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe(false);
	});
});
