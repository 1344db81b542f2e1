import { alertsDb } from './db.ts';
import { NeighbourAlerts } from './alerts.svelte.ts';

let shared: NeighbourAlerts | undefined;
let loading: Promise<NeighbourAlerts> | undefined;

/** The app's one `NeighbourAlerts`, loaded from the device: the banner and Settings share it. */
export function neighbourAlerts(): Promise<NeighbourAlerts> {
	return (loading ??= (async () => {
		shared = new NeighbourAlerts(alertsDb());
		await shared.load();
		return shared;
	})());
}
