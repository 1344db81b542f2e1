/** The sync endpoint of the server that served the page: `wss://host/sync` (or `ws://` over http). */
export function syncServerUrl(location: Pick<Location, 'protocol' | 'host'>): string {
	return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}
