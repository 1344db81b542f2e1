import { EventEmitter } from 'node:events';
import type { PanicRow } from './repository.ts';

/**
 * New panic alerts, in process. The operator dashboard and the resident's linked contacts (sync,
 * and push once it exists) subscribe here; the panic route only announces. Listeners must not throw.
 */
export class PanicEvents {
	readonly #emitter = new EventEmitter();

	onAlert(listener: (alert: PanicRow) => void): () => void {
		this.#emitter.on('alert', listener);
		return () => this.#emitter.off('alert', listener);
	}

	emitAlert(alert: PanicRow): void {
		for (const listener of this.#emitter.listeners('alert') as ((a: PanicRow) => void)[]) {
			try {
				listener(alert);
			} catch {
				// One failing listener must not stop the others, nor the answer to the resident.
			}
		}
	}
}
