import type * as Leaflet from 'leaflet';
import type { Boundary } from '$lib/domain/municipality.ts';

export type L = typeof Leaflet;

/** Leaflet and its CSS, from the package (never a CDN), loaded only where a map is shown. */
export async function loadLeaflet(): Promise<L> {
	const [leaflet] = await Promise.all([import('leaflet'), import('leaflet/dist/leaflet.css')]);
	return (leaflet as unknown as { default?: L }).default ?? (leaflet as unknown as L);
}

export interface MapOptions {
	tilesUrl: string;
	attribution: string;
	boundaries: readonly Boundary[];
}

/**
 * A map that is useful without tiles: municipality boundaries are drawn from the configuration the
 * device keeps, so a pin can be placed with no tile server and no network. Tiles, when configured,
 * come from the configured URL (cached by the service worker); when they fail, the map stays usable.
 */
export function createMap(leaflet: L, element: HTMLElement, options: MapOptions): Leaflet.Map {
	const map = leaflet.map(element, { zoomControl: true, attributionControl: !!options.tilesUrl, keyboard: true });
	if (options.tilesUrl) leaflet.tileLayer(options.tilesUrl, { attribution: options.attribution, maxZoom: 19 }).addTo(map);
	const outline = leaflet.geoJSON(
		options.boundaries.map((geometry) => ({ type: 'Feature' as const, properties: {}, geometry })),
		{ style: { color: '#0b5563', weight: 2, fillOpacity: 0.04 }, interactive: false }
	).addTo(map);
	const bounds = outline.getBounds();
	if (bounds.isValid()) map.fitBounds(bounds);
	else map.setView([-33.43, -70.6], 12);
	return map;
}
