/**
 * A new worker waits until the page asks it to take over (workbox-window's messageSkipWaiting,
 * sent when the person presses "Reload"). It never takes over on its own.
 */
export function listenForSkipWaiting(worker: ServiceWorkerGlobalScope): void {
	worker.addEventListener('message', (event) => {
		if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void worker.skipWaiting();
	});
}
