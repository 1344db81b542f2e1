/** Tells the sync server when a session ends, so sockets opened with it close at once. */
export class SessionEvents {
	private listeners = new Set<(sessionHash: string) => void>();

	onRevoked(listener: (sessionHash: string) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	revoked(sessionHash: string): void {
		for (const listener of this.listeners) listener(sessionHash);
	}
}
