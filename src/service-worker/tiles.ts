/** Whether a request is for a map tile, whatever host the municipality configured tiles on. */
export function isTileRequest(url: URL, request: Pick<Request, 'destination'>): boolean {
	return (
		request.destination === 'image' &&
		(/\/tiles?\//.test(url.pathname) || /\/\d+\/\d+\/\d+(@2x)?\.(png|jpe?g|webp)$/.test(url.pathname))
	);
}
