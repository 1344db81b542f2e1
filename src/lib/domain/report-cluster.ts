import Supercluster, { type PointFeature } from 'supercluster';
import type { LngLat } from './geo.ts';
import { MAX_MAP_ZOOM } from './map-zoom.ts';

export interface Bounds {
	west: number;
	south: number;
	east: number;
	north: number;
}

/** What the map draws: one item, or a cluster of several. */
export type MapMarker<T> =
	| { kind: 'one'; point: LngLat; item: T }
	| {
			kind: 'cluster';
			point: LngLat;
			id: number;
			count: number;
			/** The zoom at which the cluster splits; `null` when its members share one spot (no zoom splits them). */
			expansionZoom: number | null;
	  };

export { MAX_MAP_ZOOM };

/**
 * Report clustering with supercluster (a k-d tree index, built once per list of reports): at each
 * zoom only what is in view is returned, so 10,000 reports draw a few dozen markers. Reports at the
 * same spot (or too close for the deepest zoom to part them, e.g. coarse positions) stay one cluster
 * at every zoom and open as a list (`leaves`) instead of zooming.
 */
export class ReportClusters<T> {
	readonly #index: Supercluster<{ i: number }>;
	readonly #items: readonly T[];

	/** `radius`: in supercluster's units, 1/512 of a 256-pixel tile, so 96 is 48 screen pixels (a marker is 36). */
	constructor(items: readonly T[], pointOf: (item: T) => LngLat | null, options: { radius?: number } = {}) {
		this.#items = items;
		this.#index = new Supercluster<{ i: number }>({ radius: options.radius ?? 96, maxZoom: MAX_MAP_ZOOM, minPoints: 2 });
		const features: PointFeature<{ i: number }>[] = [];
		items.forEach((item, i) => {
			const p = pointOf(item);
			if (p) features.push({ type: 'Feature', properties: { i }, geometry: { type: 'Point', coordinates: [p[0], p[1]] } });
		});
		this.#index.load(features);
	}

	markers(zoom: number, bounds: Bounds): MapMarker<T>[] {
		const z = Math.max(0, Math.min(MAX_MAP_ZOOM, Math.round(zoom)));
		return this.#index.getClusters([bounds.west, bounds.south, bounds.east, bounds.north], z).map((f): MapMarker<T> => {
			const [lng, lat] = f.geometry.coordinates as [number, number];
			const props = f.properties;
			if ('cluster' in props && props.cluster) {
				const expansion = this.#index.getClusterExpansionZoom(props.cluster_id);
				return { kind: 'cluster', point: [lng, lat], id: props.cluster_id, count: props.point_count, expansionZoom: expansion > MAX_MAP_ZOOM ? null : expansion };
			}
			return { kind: 'one', point: [lng, lat], item: this.#items[(props as { i: number }).i] as T };
		});
	}

	/** Every member of a cluster, in the order of the list given. */
	leaves(clusterId: number): T[] {
		return this.#index
			.getLeaves(clusterId, Infinity)
			.map((f) => f.properties.i)
			.sort((a, b) => a - b)
			.map((i) => this.#items[i] as T);
	}
}
