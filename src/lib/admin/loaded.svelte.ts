/**
 * One part of a screen read from the server: its value, whether it is loading, ready or failed,
 * and why it failed. Each part loads on its own, so one failing leaves the others shown.
 */
export class Loaded<T> {
	value = $state.raw<T | null>(null);
	status = $state<'loading' | 'ready' | 'error'>('loading');
	error = $state<unknown>(null);

	async load(read: () => Promise<T>): Promise<void> {
		try {
			this.value = await read();
			this.error = null;
			this.status = 'ready';
		} catch (error) {
			this.error = error;
			this.status = 'error';
		}
	}
}
