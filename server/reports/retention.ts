import type { Db } from '../db/index.ts';
import type { Logger } from '../log.ts';
import { reportsStore } from './schema.ts';
import { purgeUnattachedPhotos } from './photos.ts';

const DAY_MS = 86_400_000;

/**
 * How long private report data lives. Operators need who reported (to phone back), the exact pin and
 * the device's position while they work on the incident; a month after it closes, for questions and
 * reviews. A report no one ever closes keeps them at most half a year.
 */
export const PRIVATE_RETENTION = { afterClosedDays: 30, maxDays: 180 } as const;

/**
 * Empties the private half of reports past their time: reporter, device position, typed place,
 * consent to call and the phone number. The exact pin is replaced by the public position (the coarse cell for homes).
 * The public report stays, for the municipality's counts. Returns how many were emptied.
 */
export async function purgePrivateReportData(db: Db, now: Date = new Date()): Promise<number> {
	const store = reportsStore(db);
	const closedBefore = new Date(now.getTime() - PRIVATE_RETENTION.afterClosedDays * DAY_MS).toISOString();
	const receivedBefore = new Date(now.getTime() - PRIVATE_RETENTION.maxDays * DAY_MS).toISOString();
	const due = await store
		.selectFrom('report_private')
		.innerJoin('report', 'report.id', 'report_private.report_id')
		.innerJoin('incident', 'incident.id', 'report.incident_id')
		.select(['report.id', 'report.public_lng', 'report.public_lat'])
		.where((eb) =>
			eb.and([
				eb.or([eb('report_private.reporter_id', 'is not', null), eb('report_private.device_lng', 'is not', null), eb('report_private.place_text', 'is not', null), eb('report_private.consent_to_call', '=', 1), eb('report_private.phone', 'is not', null), eb('report_private.pin_lng', '!=', eb.ref('report.public_lng'))]),
				eb.or([eb.and([eb('incident.status', '=', 'closed'), eb('incident.closed_at', '<', closedBefore)]), eb('report.received_at', '<', receivedBefore)])
			])
		)
		.execute();
	for (const row of due) {
		await store
			.updateTable('report_private')
			.set({ reporter_id: null, device_lng: null, device_lat: null, place_text: null, consent_to_call: 0, phone: null, accuracy_metres: null, pin_lng: row.public_lng, pin_lat: row.public_lat })
			.where('report_id', '=', row.id)
			.execute();
	}
	return due.length;
}

/**
 * Runs the purge at start and hourly; the timer never keeps the process alive on its own. With
 * `chat`, the same pass empties chat threads past their retention (`chat-retention.ts`).
 */
export function startReportRetention(db: Db, log: Logger, options: { everyMs?: number; chat?: { run(): Promise<{ docs: number; messages: number }> } } = {}): () => void {
	const { everyMs = 60 * 60 * 1000, chat } = options;
	let running = false;
	const run = () => {
		// A pass that outlasts the hour (a slow first chat pass over a large store) is not doubled.
		if (running) return;
		running = true;
		void Promise.all([purgePrivateReportData(db), purgeUnattachedPhotos(db), chat?.run() ?? { docs: 0, messages: 0 }])
			.then(
				([n, photos, chats]) => {
					if (n > 0) log.info(`Emptied the private data of ${n} report(s) past their retention.`);
					if (photos > 0) log.info(`Deleted ${photos} photo(s) whose report never arrived.`);
					if (chats.docs > 0) log.info(`Erased ${chats.messages} chat message(s) in ${chats.docs} thread(s) past their retention.`);
				},
				(error: unknown) => log.error('Report retention job failed', error)
			)
			.finally(() => (running = false));
	};
	run();
	const timer = setInterval(run, everyMs);
	timer.unref();
	return () => clearInterval(timer);
}
