import { describe, expect, it } from 'vitest';
import { clusterPoints } from './report-cluster.ts';

type P = { id: number; p: [number, number] | null };
const at = (id: number, lng: number, lat: number): P => ({ id, p: [lng, lat] });

describe('clusterPoints', () => {
	const items = [at(1, -70.6128, -33.4255), at(2, -70.6129, -33.4256), at(3, -70.5718, -33.4035), { id: 4, p: null }];

	it('joins close points when zoomed out and separates them when zoomed in', () => {
		const out = clusterPoints(items, (i) => i.p, 10);
		expect(out.map((c) => c.members.map((m) => m.id).sort())).toEqual(expect.arrayContaining([[1, 2], [3]]));
		expect(clusterPoints(items, (i) => i.p, 19)).toHaveLength(3);
		expect(clusterPoints(items, (i) => i.p, 2)).toHaveLength(1);
	});

	it('places a cluster at the mean of its members and skips points outside the bounds', () => {
		const [pair] = clusterPoints(items.slice(0, 2), (i) => i.p, 10);
		expect(pair?.point[0]).toBeCloseTo(-70.61285, 6);
		const inView = clusterPoints(items, (i) => i.p, 19, { west: -70.62, east: -70.6, south: -33.43, north: -33.42 });
		expect(inView.flatMap((c) => c.members.map((m) => m.id)).sort()).toEqual([1, 2]);
	});

	it('keeps 10,000 reports down to a handful of markers per screen', () => {
		const many = Array.from({ length: 10_000 }, (_, i) => at(i, -70.62 + (i % 100) * 0.0005, -33.43 + Math.floor(i / 100) * 0.0005));
		expect(clusterPoints(many, (i) => i.p, 13).length).toBeLessThan(100);
	});
});
