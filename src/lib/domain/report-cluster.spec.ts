import { describe, expect, it } from 'vitest';
import { MAX_MAP_ZOOM, ReportClusters, type MapMarker } from './report-cluster.ts';

type P = { id: number; p: [number, number] | null };
const at = (id: number, lng: number, lat: number): P => ({ id, p: [lng, lat] });
const world = { west: -180, south: -85, east: 180, north: 85 };
const ids = (clusters: ReportClusters<P>, markers: MapMarker<P>[]) =>
	markers.map((m) => (m.kind === 'one' ? [m.item.id] : clusters.leaves(m.id).map((x) => x.id))).sort((a, b) => a[0]! - b[0]!);

describe('ReportClusters (supercluster)', () => {
	const items = [at(1, -70.6128, -33.4255), at(2, -70.6129, -33.4256), at(3, -70.5718, -33.4035), { id: 4, p: null }];
	const clusters = new ReportClusters(items, (i) => i.p);

	it('joins close points when zoomed out and separates them when zoomed in', () => {
		expect(ids(clusters, clusters.markers(12, world))).toEqual([[1, 2], [3]]);
		expect(clusters.markers(MAX_MAP_ZOOM, world)).toHaveLength(3);
		expect(clusters.markers(2, world)).toHaveLength(1);
	});

	it('says at which zoom a cluster splits, and skips points outside the view', () => {
		const pair = clusters.markers(12, world).find((m) => m.kind === 'cluster');
		expect(pair?.kind === 'cluster' && pair.expansionZoom).toBeGreaterThan(12);
		const inView = clusters.markers(MAX_MAP_ZOOM, { west: -70.62, east: -70.6, south: -33.43, north: -33.42 });
		expect(inView.map((m) => (m.kind === 'one' ? m.item.id : -1)).sort()).toEqual([1, 2]);
	});

	it('keeps reports at one spot together at every zoom, to open as a list', () => {
		const same = new ReportClusters([at(1, -70.6, -33.42), at(2, -70.6, -33.42), at(3, -70.6, -33.42)], (i) => i.p);
		const [spot] = same.markers(MAX_MAP_ZOOM, world);
		expect(spot).toMatchObject({ kind: 'cluster', count: 3, expansionZoom: null });
		expect(same.leaves((spot as { id: number }).id).map((x) => x.id)).toEqual([1, 2, 3]);
	});

	it('keeps 10,000 reports down to a handful of markers per screen', () => {
		const many = Array.from({ length: 10_000 }, (_, i) => at(i, -70.62 + (i % 100) * 0.0005, -33.43 + Math.floor(i / 100) * 0.0005));
		const index = new ReportClusters(many, (i) => i.p);
		expect(index.markers(13, world).length).toBeLessThan(100);
	});
});
