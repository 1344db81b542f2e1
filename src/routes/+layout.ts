// Cuadra renders on the device: every page is a prerendered shell that the service worker keeps,
// so the whole app opens with no connectivity after the first visit.
export const ssr = false;
export const prerender = true;
export const trailingSlash = 'never';
