import { Workbox } from 'workbox-window';

export interface UpdateSource {
	addEventListener(type: 'waiting' | 'controlling' | 'activated', listener: (event: { isUpdate?: boolean }) => void): void;
	register(): Promise<unknown>;
	update(): Promise<unknown>;
	messageSkipWaiting(): void;
}

/**
 * The service worker's life as the person sees it. A new version never takes over on its own: it
 * waits until the person presses "Reload", so nothing they are typing is ever lost.
 */
export class PwaUpdate {
	/** A new version has installed and waits for the person's go-ahead. */
	updateReady = $state(false);
	/** The first install finished: the app now works offline. */
	offlineReady = $state(false);
	#source: UpdateSource | undefined;
	#reload: () => void;

	constructor(reload: () => void = () => location.reload()) {
		this.#reload = reload;
	}

	async start(source: UpdateSource): Promise<void> {
		this.#source = source;
		source.addEventListener('waiting', () => {
			this.updateReady = true;
		});
		source.addEventListener('activated', (event) => {
			if (!event.isUpdate) this.offlineReady = true;
		});
		await source.register();
	}

	/** Look for a new version, e.g. when the app comes back to the foreground. */
	check(): Promise<unknown> {
		return this.#source?.update() ?? Promise.resolve();
	}

	/** The person chose to reload: let the waiting worker take over, then reload once it controls. */
	apply(): void {
		const source = this.#source;
		if (!source || !this.updateReady) return;
		source.addEventListener('controlling', () => this.#reload());
		source.messageSkipWaiting();
	}

	dismiss(): void {
		this.updateReady = false;
	}
}

export const pwa = new PwaUpdate();

/** Registers the service worker built from src/service-worker through workbox-window. */
export function registerServiceWorker(url = '/service-worker.js'): Promise<void> {
	if (!('serviceWorker' in navigator)) return Promise.resolve();
	const source = new Workbox(url, { type: import.meta.env.DEV ? 'module' : 'classic' });
	document.addEventListener('visibilitychange', () => {
		if (document.visibilityState === 'visible') void pwa.check().catch(() => undefined);
	});
	return pwa.start(source as unknown as UpdateSource);
}
