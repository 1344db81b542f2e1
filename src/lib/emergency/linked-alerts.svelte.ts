import { z } from 'zod';

export const linkedAlertSchema = z.object({
	id: z.string(),
	subjectId: z.string(),
	claimedAt: z.string(),
	receivedAt: z.string(),
	location: z.object({ latitude: z.number(), longitude: z.number(), accuracy: z.number().nullable() }).nullable()
});
export type LinkedAlert = z.infer<typeof linkedAlertSchema>;

/** The part of EventSource the feed uses. */
export interface AlertSource {
	readyState: number;
	onerror: ((event: Event) => void) | null;
	addEventListener(type: 'panic', listener: (event: MessageEvent<string>) => void): void;
	close(): void;
}

export interface FeedDeps {
	/** Whether this device is anyone's contact (so it needs to listen at all). */
	isSomeonesContact: () => Promise<boolean>;
	signIn: () => Promise<boolean>;
	open?: (url: string) => AlertSource;
	retryMs?: number;
}

/**
 * The panic alerts of the people who made this resident their contact, as they arrive, while the app
 * is open (push comes later). Listens only when this device is someone's contact.
 */
export class LinkedAlertFeed {
	alerts = $state<LinkedAlert[]>([]);
	listening = $state(false);
	readonly #deps: FeedDeps;
	/** Not state: nothing renders from it. */
	readonly #dismissed: string[] = [];
	#source: AlertSource | undefined;
	#retry: ReturnType<typeof setTimeout> | undefined;

	constructor(deps: FeedDeps) {
		this.#deps = deps;
	}

	/** Starts (or restarts) listening if this device is someone's contact. */
	async start(): Promise<void> {
		this.stop();
		if (!(await this.#deps.isSomeonesContact())) return;
		if (!(await this.#deps.signIn())) return this.#later();
		const open = this.#deps.open ?? ((url: string): AlertSource => new EventSource(url, { withCredentials: true }));
		const source = open('/api/emergency/alerts');
		this.#source = source;
		this.listening = true;
		source.addEventListener('panic', (event) => this.receive(event.data));
		source.onerror = () => {
			// The browser reconnects by itself unless the server refused (e.g. the session ended).
			if (source.readyState === 2) {
				this.listening = false;
				this.#later();
			}
		};
	}

	receive(data: string): void {
		let parsed;
		try {
			parsed = linkedAlertSchema.safeParse(JSON.parse(data));
		} catch {
			return;
		}
		if (!parsed.success || this.#dismissed.includes(parsed.data.id) || this.alerts.some((a) => a.id === parsed.data.id)) return;
		// Newest first: the alert that matters most now is the one on top.
		this.alerts = [parsed.data, ...this.alerts].sort((a, b) => Date.parse(b.claimedAt) - Date.parse(a.claimedAt));
	}

	dismiss(id: string): void {
		this.#dismissed.push(id);
		this.alerts = this.alerts.filter((a) => a.id !== id);
	}

	stop(): void {
		clearTimeout(this.#retry);
		this.#source?.close();
		this.#source = undefined;
		this.listening = false;
	}

	#later(): void {
		clearTimeout(this.#retry);
		this.#retry = setTimeout(() => void this.start(), this.#deps.retryMs ?? 30_000);
	}
}
