/**
 * Moves the focus to the page's heading (the first `h1` in `main`), or to `main` when the page has
 * none yet. The heading becomes focusable by script only (tabindex -1), not a Tab stop.
 * Returns the element that took the focus.
 */
export function focusPageHeading(root: Document): HTMLElement | null {
	const main = root.getElementById('main');
	if (!main) return null;
	const heading = main.querySelector<HTMLElement>('h1') ?? main;
	if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
	heading.focus({ preventScroll: false });
	return heading;
}
