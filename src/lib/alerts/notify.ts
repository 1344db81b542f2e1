/**
 * A system notification through the service worker's registration, only when the resident allowed
 * notifications. Tapping it opens `url` (src/service-worker/notifications.ts). Never throws.
 */
export async function showSystemNotification(title: string, body: string, tag: string, url: string): Promise<boolean> {
	try {
		if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || !('serviceWorker' in navigator)) return false;
		const registration = await navigator.serviceWorker.getRegistration();
		if (!registration) return false;
		await registration.showNotification(title, { body, tag, data: { url }, icon: '/icons/icon.svg' });
		return true;
	} catch {
		return false;
	}
}

export type NotificationChoice = 'granted' | 'denied' | 'default' | 'unsupported';

export function notificationPermission(): NotificationChoice {
	return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks the browser for permission (it shows its own prompt, once). */
export async function askNotificationPermission(): Promise<NotificationChoice> {
	if (typeof Notification === 'undefined') return 'unsupported';
	try {
		return await Notification.requestPermission();
	} catch {
		return Notification.permission;
	}
}
