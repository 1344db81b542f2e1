import { sql, type Kysely } from 'kysely';

/**
 * Issue 17: a municipality is configuration. `municipality.config` keeps the whole configuration
 * as validated by src/lib/domain/municipality-config.ts (JSON text); the columns beside it
 * (boundary, emergency_numbers) and the `category` rows are what the routing, the reports and the
 * feed read, written from it in the same transaction (server/municipalities/store.ts).
 * `municipality_change` records every change: who, when, what it replaced, and why.
 *
 * Rows from before this migration get a configuration built from their columns, with the defaults
 * below (frozen here: a migration never follows later code). A category that was not handled and
 * names no phone keeps its handler only if one can be read from its name ("Carabineros (133)", or
 * Enel's line); else it becomes hidden, since the configuration needs a way to reach them.
 */
const knownHandlers: Record<string, { phone?: string; web?: string }> = { Enel: { phone: '600 696 0000', web: 'https://www.enel.cl' } };
const securityGroup = new Set(['robbery', 'vehicle_theft', 'accident', 'commotion', 'home_burglary', 'suspicious_activity']);

interface OldCategory {
	municipality_id: string;
	key: string;
	hidden: number;
	handled_by: string | null;
	points_at_home: number;
	position: number;
}

export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('municipality').addColumn('config', 'text').execute();
	await db.schema
		.createTable('municipality_change')
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('municipality_id', 'varchar(64)', (c) => c.notNull())
		// null: the server operator's command line (npm run municipality); else the admin's user id.
		.addColumn('actor_id', 'varchar(64)')
		.addColumn('action', 'varchar(16)', (c) => c.notNull())
		.addColumn('at', 'varchar(32)', (c) => c.notNull())
		.addColumn('previous', 'text')
		.addColumn('config', 'text', (c) => c.notNull())
		.addColumn('reason', 'varchar(500)')
		.execute();
	await db.schema.createIndex('municipality_change_by_municipality').on('municipality_change').columns(['municipality_id', 'at']).execute();

	const rows = await sql<{ id: string; name: string; boundary: string; emergency_numbers: string }>`select id, name, boundary, emergency_numbers from municipality`.execute(db);
	const categories = (await sql<OldCategory>`select municipality_id, key, hidden, handled_by, points_at_home, position from category order by position`.execute(db)).rows;
	for (const row of rows.rows) {
		const numbers = JSON.parse(row.emergency_numbers) as { id: string; number: string; label: Record<string, string>; kind: string }[];
		const security = numbers.find((n) => n.kind === 'municipal' && n.id === `${row.id}-security`) ?? numbers.find((n) => n.kind === 'municipal');
		const config = {
			id: row.id,
			name: row.name,
			boundary: JSON.parse(row.boundary) as unknown,
			securityLine: security ? { number: security.number, label: security.label } : { number: '133', label: { 'es-CL': 'Carabineros', en: 'Police (Carabineros)', 'pt-BR': 'Polícia (Carabineros)' } },
			numbers: numbers.filter((n) => n !== security).map((n) => ({ id: n.id, number: n.number, label: n.label, kind: n.kind })),
			serviceHours: '24/7',
			categories: categories
				.filter((c) => c.municipality_id === row.id)
				.map((c) => {
					const contact = c.handled_by ? (knownHandlers[c.handled_by] ?? (/\((\+?[0-9 ]{2,20})\)/.exec(c.handled_by)?.[1] ? { phone: /\((\+?[0-9 ]{2,20})\)/.exec(c.handled_by)?.[1] } : null)) : null;
					const status = c.hidden ? 'hidden' : c.handled_by ? (contact ? 'not_handled' : 'hidden') : 'shown';
					const security = securityGroup.has(c.key);
					return {
						key: c.key,
						status,
						...(status === 'not_handled' && c.handled_by ? { handledBy: { name: c.handled_by.replace(/\s*\([^)]*\)\s*$/, ''), ...contact } } : {}),
						pointsAtHome: c.points_at_home === 1,
						targets: security ? { acknowledgeMinutes: 15, closeHours: 72 } : { acknowledgeMinutes: 1440, closeHours: 240 }
					};
				}),
			autoAnswer: {
				'es-CL': 'Recibimos tu reporte. El equipo de seguridad de la municipalidad lo revisará.',
				en: "We received your report. The municipality's security team will review it.",
				'pt-BR': 'Recebemos o seu relato. A equipe de segurança do município vai analisá-lo.'
			},
			templates: {},
			alertAreas: { defaultRadiusMetres: 500 },
			population: []
		};
		await sql`update municipality set config = ${JSON.stringify(config)} where id = ${row.id}`.execute(db);
	}
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('municipality_change').execute();
	await db.schema.alterTable('municipality').dropColumn('config').execute();
}
