import { EventEmitter } from 'node:events';
import type { PanicRow } from './repository.ts';

/** A new panic alert and the residents linked to its sender, whose open apps should show it. */
export interface PanicNotice {
	alert: PanicRow;
	watchers: string[];
}

/**
 * New panic alerts, in process. The alert streams of linked contacts (and, later, the operator
 * dashboard and push) subscribe here; the panic route only announces. Listeners must not throw.
 */
export class PanicEvents {
	readonly #emitter = new EventEmitter();

	constructor() {
		this.#emitter.setMaxListeners(0);
	}

	onAlert(listener: (notice: PanicNotice) => void): () => void {
		this.#emitter.on('alert', listener);
		return () => this.#emitter.off('alert', listener);
	}

	emitAlert(notice: PanicNotice): void {
		for (const listener of this.#emitter.listeners('alert') as ((n: PanicNotice) => void)[]) {
			try {
				listener(notice);
			} catch {
				// One failing listener must not stop the others, nor the answer to the resident.
			}
		}
	}

	/** The server is stopping: open streams end now rather than holding the shutdown. */
	onClose(listener: () => void): () => void {
		this.#emitter.on('close', listener);
		return () => this.#emitter.off('close', listener);
	}

	close(): void {
		this.#emitter.emit('close');
	}
}
