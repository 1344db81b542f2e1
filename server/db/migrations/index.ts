import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_initial.ts';
import * as m0002 from './0002_auth.ts';
import * as m0003 from './0003_sync.ts';
import * as m0004 from './0004_staff_audit.ts';
import * as m0020 from './0020_panic_alert.ts';
import * as m0021 from './0021_emergency_link.ts';
import * as m0022 from './0022_emergency_backup.ts';
import * as m0023 from './0023_panic_events.ts';
import * as m0030 from './0030_municipality_config.ts';
import * as m0040 from './0040_moderation.ts';
import * as m0041 from './0041_posting_limits.ts';
import * as m0042 from './0042_moderation_reviews.ts';
import * as m0043 from './0043_report_hidden_parts.ts';
import * as m0010 from './0010_reports.ts';
import * as m0011 from './0011_report_photos.ts';
import * as m0012 from './0012_incident_decisions.ts';
import * as m0013 from './0013_lifecycle.ts';
import * as m0014 from './0014_ops_queue.ts';
import * as m0015 from './0015_category_retired.ts';

/**
 * Migrations are listed here, in order, rather than read from disk, so that they work the same
 * from source, from a bundle and in tests. Add a new file and a new line; never edit an old one.
 */
const migrations: Record<string, Migration> = {
	'0001_initial': m0001,
	'0002_auth': m0002,
	'0003_sync': m0003,
	'0004_staff_audit': m0004,
	'0010_reports': m0010,
	'0011_report_photos': m0011,
	'0012_incident_decisions': m0012,
	'0013_lifecycle': m0013,
	'0014_ops_queue': m0014,
	'0015_category_retired': m0015,
	'0020_panic_alert': m0020,
	'0021_emergency_link': m0021,
	'0022_emergency_backup': m0022,
	'0023_panic_events': m0023,
	'0030_municipality_config': m0030,
	'0040_moderation': m0040,
	'0041_posting_limits': m0041,
	'0042_moderation_reviews': m0042,
	'0043_report_hidden_parts': m0043
};

export const migrationProvider: MigrationProvider = {
	getMigrations: async () => migrations
};
