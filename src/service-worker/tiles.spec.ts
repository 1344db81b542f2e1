import { describe, expect, it } from 'vitest';
import { isTileRequest } from './tiles.ts';

const image = { destination: 'image' } as Request;
const script = { destination: 'script' } as Request;

describe('isTileRequest', () => {
	it('recognises z/x/y tile images from any configured host', () => {
		expect(isTileRequest(new URL('https://tiles.example.org/15/9876/19876.png'), image)).toBe(true);
		expect(isTileRequest(new URL('http://localhost:3000/tiles/15/1/2.webp'), image)).toBe(true);
		expect(isTileRequest(new URL('https://a.example/14/1/2@2x.jpg'), image)).toBe(true);
	});

	it('leaves other images and non-image requests alone', () => {
		expect(isTileRequest(new URL('http://localhost:3000/icons/icon-192.png'), image)).toBe(false);
		expect(isTileRequest(new URL('https://tiles.example.org/15/9876/19876.png'), script)).toBe(false);
	});
});
