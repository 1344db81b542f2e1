import type { Db } from '../db/index.ts';
import type { Logger } from '../log.ts';
import { purgePanicLocations, purgePanicNotes } from './repository.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The moment before which panic locations are deleted. */
export function retentionCutoff(now: Date, days: number): string {
	return new Date(now.getTime() - days * DAY_MS).toISOString();
}

/** Empties the location, the sender and the operators' notes of alerts older than `days`. Returns how many alerts' locations were emptied. */
export async function runPanicRetention(db: Db, days: number, now: Date = new Date()): Promise<number> {
	const cutoff = retentionCutoff(now, days);
	await purgePanicNotes(db, cutoff);
	return purgePanicLocations(db, cutoff, now.toISOString());
}

/**
 * Deletes panic locations older than `days` at start and then every `everyMs` (hourly by default).
 * Returns a function that stops the job; the timer never keeps the process alive on its own.
 */
export function startPanicRetention(db: Db, days: number, log: Logger, everyMs = 60 * 60 * 1000): () => void {
	const run = () =>
		runPanicRetention(db, days).then(
			(n) => {
				if (n > 0) log.info(`Deleted the location of ${n} panic alert(s) older than ${days} days.`);
			},
			(error: unknown) => log.error('Panic retention job failed', error)
		);
	void run();
	const timer = setInterval(() => void run(), everyMs);
	timer.unref();
	return () => clearInterval(timer);
}
