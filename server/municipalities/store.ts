import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import { Refusal } from '../http/refusal.ts';
import { defaultCategories } from '../../src/lib/domain/catalogue.ts';
import { emergencyNumbersOf, handlerLine, municipalityConfigSchema, type MunicipalityConfig } from '../../src/lib/domain/municipality-config.ts';
import { labelsSchema, type Labels } from '../../src/lib/domain/municipality.ts';

/**
 * Municipalities' configurations: add, update, import (several at once), read, and the record of
 * every change. `npm run municipality` (the server operator) and the demo seed go through here;
 * the admin screens will too. Each change is one transaction: the configuration, the columns and
 * `category` rows written from it, and its `municipality_change` row, or nothing.
 */

export type MunicipalityRefusal = 'id_taken' | 'not_found';
const statusOf: Record<MunicipalityRefusal, number> = { id_taken: 409, not_found: 404 };

export class MunicipalityRefused extends Refusal {
	declare readonly code: MunicipalityRefusal;

	constructor(code: MunicipalityRefusal, message: string) {
		super(statusOf[code], code, message);
	}
}

/** add: must be new; update: must exist; put: either (import). */
export type SaveMode = 'add' | 'update' | 'put';

export interface ChangeOptions {
	/** The admin's user id; none: the server operator's command line. */
	actor?: string;
	reason?: string;
	now?: Date;
}

export interface SavedChange {
	id: string;
	action: 'added' | 'updated';
	/** False when the configuration was already exactly this: nothing is written, nothing recorded. */
	changed: boolean;
}

type Tx = Transaction<Database>;

async function knownIds(tx: Tx | Db): Promise<string[]> {
	return (await tx.selectFrom('municipality').select('id').orderBy('id').execute()).map((m) => m.id);
}

/** One change inside the caller's transaction (the demo seed writes its staff in the same one). */
export async function writeMunicipality(tx: Tx, config: MunicipalityConfig, mode: SaveMode, options: ChangeOptions): Promise<SavedChange> {
	const at = (options.now ?? new Date()).toISOString();
	const existing = await tx.selectFrom('municipality').select(['id', 'config']).where('id', '=', config.id).executeTakeFirst();
	if (existing && mode === 'add') throw new MunicipalityRefused('id_taken', `There is already a municipality "${config.id}". To change it: npm run municipality -- update <file>.`);
	if (!existing && mode === 'update') {
		const known = await knownIds(tx);
		throw new MunicipalityRefused('not_found', `There is no municipality "${config.id}". ${known.length ? `Known: ${known.join(', ')}.` : 'The store has none yet.'} To add it: npm run municipality -- add <file>.`);
	}
	const json = JSON.stringify(config);
	if (existing?.config === json) return { id: config.id, action: 'updated', changed: false };
	const columns = { name: config.name, boundary: JSON.stringify(config.boundary), emergency_numbers: JSON.stringify(emergencyNumbersOf(config)), config: json };
	if (existing) await tx.updateTable('municipality').set(columns).where('id', '=', config.id).execute();
	else await tx.insertInto('municipality').values({ id: config.id, created_at: at, ...columns }).execute();
	// The rows the reports read: one per category the configuration lists, in catalogue order.
	await tx.deleteFrom('category').where('municipality_id', '=', config.id).execute();
	const rows = defaultCategories.flatMap((entry, position) => {
		const c = config.categories.find((x) => x.key === entry.key);
		if (!c) return [];
		return [{ municipality_id: config.id, key: entry.key, group: entry.group, icon: entry.icon, labels: JSON.stringify(entry.labels), hidden: c.status === 'hidden' ? 1 : 0, handled_by: c.status === 'not_handled' && c.handledBy ? handlerLine(c.handledBy) : null, points_at_home: c.pointsAtHome ? 1 : 0, position }];
	});
	if (rows.length) await tx.insertInto('category').values(rows).execute();
	const action = existing ? 'updated' : 'added';
	await tx
		.insertInto('municipality_change')
		.values({ id: randomUUID(), municipality_id: config.id, actor_id: options.actor ?? null, action, at, previous: existing?.config ?? null, config: json, reason: options.reason ?? null })
		.execute();
	return { id: config.id, action, changed: true };
}

/** Adds, updates or puts one municipality, in one transaction with its record. */
export async function saveMunicipality(db: Db, config: MunicipalityConfig, mode: SaveMode, options: ChangeOptions = {}): Promise<SavedChange> {
	return saveMunicipalities(db, [config], mode, options).then(([change]) => change as SavedChange);
}

/** Several at once (an import): all of them, or, when one is refused, none. */
export async function saveMunicipalities(db: Db, configs: MunicipalityConfig[], mode: SaveMode, options: ChangeOptions = {}): Promise<SavedChange[]> {
	return db.transaction().execute(async (tx) => {
		const changes: SavedChange[] = [];
		for (const config of configs) changes.push(await writeMunicipality(tx, config, mode, options));
		return changes;
	});
}

function parseStored(json: string | null, id: string): MunicipalityConfig {
	if (json === null) throw new Error(`municipality ${id} has no configuration (migration 0030 should have written one)`);
	return municipalityConfigSchema.parse(JSON.parse(json));
}

/** Municipal security centres in Chile answer around the clock: the hours when a configuration says none. */
export const DEFAULT_SERVICE_HOURS = '24/7';

/** The service hours of a stored configuration (`municipality.config`), read without parsing all of it. */
export function serviceHoursIn(json: string | null): string {
	if (json === null) return DEFAULT_SERVICE_HOURS;
	const hours = (JSON.parse(json) as { serviceHours?: unknown }).serviceHours;
	return typeof hours === 'string' ? hours : DEFAULT_SERVICE_HOURS;
}

/** The automatic first answer of a stored configuration, in the three languages; null if it has none. */
export function autoAnswerIn(json: string | null): Labels | null {
	if (json === null) return null;
	const parsed = labelsSchema.safeParse((JSON.parse(json) as { autoAnswer?: unknown }).autoAnswer);
	return parsed.success ? parsed.data : null;
}

export async function municipalityConfig(db: Db, id: string): Promise<MunicipalityConfig> {
	const row = await db.selectFrom('municipality').select(['id', 'config']).where('id', '=', id).executeTakeFirst();
	if (!row) {
		const known = await knownIds(db);
		throw new MunicipalityRefused('not_found', `There is no municipality "${id}". ${known.length ? `Known: ${known.join(', ')}.` : 'The store has none yet.'}`);
	}
	return parseStored(row.config, row.id);
}

const byName = new Intl.Collator('es-CL');

/** Every municipality's configuration, by name as Spanish sorts it (Ñuñoa before Providencia), the same on both backends. */
export async function municipalityConfigs(db: Db): Promise<MunicipalityConfig[]> {
	const rows = await db.selectFrom('municipality').select(['id', 'config']).execute();
	return rows.map((r) => parseStored(r.config, r.id)).sort((a, b) => byName.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
}

export interface MunicipalityChange {
	id: string;
	municipalityId: string;
	action: 'added' | 'updated';
	at: string;
	actor: { id: string; username: string | null } | null;
	reason: string | null;
	previous: MunicipalityConfig | null;
	config: MunicipalityConfig;
}

/** The record of a municipality's configuration, newest first. */
export async function municipalityChanges(db: Db, municipalityId: string, limit = 100): Promise<MunicipalityChange[]> {
	const rows = await db
		.selectFrom('municipality_change')
		.leftJoin('user', 'user.id', 'municipality_change.actor_id')
		.select(['municipality_change.id', 'municipality_id', 'action', 'at', 'actor_id', 'user.username', 'reason', 'previous', 'config'])
		.where('municipality_id', '=', municipalityId)
		.orderBy('at', 'desc')
		.orderBy('municipality_change.id', 'desc')
		.limit(limit)
		.execute();
	// Stored configurations are read as stored: an old one may predate a later rule of the schema.
	return rows.map((r) => ({
		id: r.id,
		municipalityId: r.municipality_id,
		action: r.action,
		at: r.at,
		actor: r.actor_id === null ? null : { id: r.actor_id, username: r.username },
		reason: r.reason,
		previous: r.previous === null ? null : (JSON.parse(r.previous) as MunicipalityConfig),
		config: JSON.parse(r.config) as MunicipalityConfig
	}));
}

/**
 * When a category stopped being offered: the time of the latest change that took it from shown to
 * hidden, at or after `since`; null if none did (hidden from the start, or longer ago). Lets a
 * resident's draft written before that change still arrive (server/reports/accept.ts).
 */
export async function categoryHiddenAt(db: Db, municipalityId: string, key: string, since: string): Promise<string | null> {
	const rows = await db
		.selectFrom('municipality_change')
		.select(['at', 'previous', 'config'])
		.where('municipality_id', '=', municipalityId)
		.where('at', '>=', since)
		.where('previous', 'is not', null)
		.orderBy('at', 'desc')
		.execute();
	const statusIn = (json: string | null, k: string) => (json === null ? undefined : (JSON.parse(json) as { categories?: { key: string; status: string }[] }).categories?.find((c) => c.key === k)?.status);
	for (const row of rows) if (statusIn(row.previous, key) === 'shown' && statusIn(row.config, key) === 'hidden') return row.at;
	return null;
}
