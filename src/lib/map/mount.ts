import type * as Leaflet from 'leaflet';
import { createMap, loadLeaflet, type L, type MapOptions } from '$lib/reports/leaflet.ts';

/** A map made by `mountMap`: Leaflet, the map, a layer for the component's markers. */
export interface MountedMap {
	leaflet: L;
	map: Leaflet.Map;
	layer: Leaflet.LayerGroup;
	/** False once the component that asked for the map is gone (for work that resolves later). */
	alive: () => boolean;
}

/**
 * Every map's set-up, the residents' and the console's alike: loads Leaflet (only where a map is
 * shown), makes the map in `element` (createMap: boundaries without tiles, labelled zoom buttons)
 * with a layer for markers, and hands them to `ready`. Call it in `onMount` and return what it
 * returns: the map is removed with the component, and never made for one already gone.
 */
export function mountMap(element: HTMLElement, options: MapOptions, ready: (mounted: MountedMap) => void): () => void {
	let cancelled = false;
	let map: Leaflet.Map | undefined;
	void loadLeaflet().then((leaflet) => {
		if (cancelled) return;
		map = createMap(leaflet, element, options);
		ready({ leaflet, map, layer: leaflet.layerGroup().addTo(map), alive: () => !cancelled });
	});
	return () => {
		cancelled = true;
		map?.remove();
	};
}
