/**
 * Tapping a notification (alerts near the resident, src/lib/alerts/notify.ts) opens the page it
 * names: an open window of the app is focused and sent there, or a new one is opened. Only paths of
 * this app are followed.
 */
export function openNotificationTargets(worker: ServiceWorkerGlobalScope): void {
	worker.addEventListener('notificationclick', (event) => {
		event.notification.close();
		const wanted = (event.notification.data as { url?: unknown } | null)?.url;
		const target = new URL(typeof wanted === 'string' && wanted.startsWith('/') && !wanted.startsWith('//') ? wanted : '/', worker.location.origin);
		event.waitUntil(
			(async () => {
				const windows = await worker.clients.matchAll({ type: 'window', includeUncontrolled: true });
				const open = windows.find((w) => new URL(w.url).origin === target.origin);
				if (open) {
					await open.focus();
					await open.navigate(target.href);
				} else await worker.clients.openWindow(target.href);
			})()
		);
	});
}
