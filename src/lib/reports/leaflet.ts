import type * as Leaflet from 'leaflet';
import type { Boundary } from '$lib/domain/municipality.ts';
import type { LngLat } from '$lib/domain/geo.ts';
import { MAX_MAP_ZOOM } from '$lib/domain/map-zoom.ts';
import { m } from '$lib/paraglide/messages.js';

export type L = typeof Leaflet;

/** Leaflet and its CSS, from the package (never a CDN), loaded only where a map is shown. */
export async function loadLeaflet(): Promise<L> {
	const [leaflet] = await Promise.all([import('leaflet'), import('leaflet/dist/leaflet.css')]);
	return (leaflet as unknown as { default?: L }).default ?? (leaflet as unknown as L);
}

export interface MapOptions {
	tilesUrl: string;
	attribution: string;
}

/**
 * A map that is useful without tiles: municipality boundaries are drawn from the configuration the
 * device keeps, so a pin can be placed with no tile server and no network. Tiles, when configured,
 * come from the configured URL (cached by the service worker); when they fail, the map stays usable.
 */
export function createMap(leaflet: L, element: HTMLElement, options: MapOptions): Leaflet.Map {
	const map = leaflet.map(element, { zoomControl: false, attributionControl: !!options.tilesUrl, keyboard: true, maxZoom: MAX_MAP_ZOOM });
	// Leaflet's zoom buttons say "Zoom in" in English whatever the app's language: they are labelled here.
	leaflet.control.zoom({ zoomInTitle: m.reports_zoom_in(), zoomOutTitle: m.reports_zoom_out() }).addTo(map);
	if (options.tilesUrl) leaflet.tileLayer(options.tilesUrl, { attribution: options.attribution, maxZoom: MAX_MAP_ZOOM }).addTo(map);
	map.setView([-33.43, -70.6], 12);
	return map;
}

/**
 * Draws the municipalities' boundaries (replacing `previous`) and, the first time there are any and
 * `fit` says so, fits the view to them. The configuration may arrive after the map was made (a page
 * opened before the device had read it): callers draw again when it does. Returns the layer, or null.
 */
export function drawBoundaries(leaflet: L, map: Leaflet.Map, boundaries: readonly Boundary[], previous: Leaflet.GeoJSON | null, fit = true): Leaflet.GeoJSON | null {
	previous?.remove();
	if (boundaries.length === 0) return null;
	const outline = leaflet
		.geoJSON(
			boundaries.map((geometry) => ({ type: 'Feature' as const, properties: {}, geometry })),
			{ style: { color: '#0b5563', weight: 2, fillOpacity: 0.04 }, interactive: false }
		)
		.addTo(map);
	const bounds = outline.getBounds();
	if (fit && !previous && bounds.isValid()) map.fitBounds(bounds);
	return outline;
}

/**
 * The person's position on a map: a labelled dot, so that even with no street background the map
 * says where they are relative to the boundary and the reports. Returns the marker (to remove).
 */
export function addPosition(leaflet: L, map: Leaflet.Map, at: LngLat): Leaflet.Marker {
	return leaflet
		.marker([at[1], at[0]], {
			icon: leaflet.divIcon({ className: 'cuadra-here', html: '<span></span>', iconSize: [22, 22] }),
			title: m.reports_map_you_are_here(),
			alt: m.reports_map_you_are_here(),
			keyboard: false,
			interactive: false,
			zIndexOffset: -100
		})
		.addTo(map);
}
