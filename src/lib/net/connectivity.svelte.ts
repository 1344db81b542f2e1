/**
 * Whether the device believes it has a network. The browser's answer can be wrong in one direction
 * (online but no real connectivity); features that send data retry on their own and do not rely
 * on this flag, which is for telling the person what to expect.
 */
export class Connectivity {
	online = $state(true);
	#target: Pick<Window, 'addEventListener' | 'removeEventListener'> | undefined;
	#update = () => {
		this.online = navigator.onLine;
	};

	start(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
		this.#target = target;
		this.online = navigator.onLine;
		target.addEventListener('online', this.#update);
		target.addEventListener('offline', this.#update);
		return () => this.stop();
	}

	stop(): void {
		this.#target?.removeEventListener('online', this.#update);
		this.#target?.removeEventListener('offline', this.#update);
		this.#target = undefined;
	}
}

export const connectivity = new Connectivity();
