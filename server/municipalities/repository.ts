import type { Db } from '../db/index.ts';
import { boundarySchema, emergencyNumberSchema, labelsSchema, type PublicMunicipality } from './types.ts';

/** Public configuration of every municipality, visible categories only, in catalogue order. */
export async function listPublicMunicipalities(db: Db): Promise<PublicMunicipality[]> {
	const rows = await db.selectFrom('municipality').selectAll().orderBy('name').execute();
	const categories = await db
		.selectFrom('category')
		.selectAll()
		.where('hidden', '=', 0)
		.orderBy('municipality_id')
		.orderBy('position')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		name: row.name,
		boundary: boundarySchema.parse(JSON.parse(row.boundary)),
		emergencyNumbers: emergencyNumberSchema.array().parse(JSON.parse(row.emergency_numbers)),
		categories: categories
			.filter((c) => c.municipality_id === row.id)
			.map((c) => ({
				key: c.key,
				group: c.group,
				icon: c.icon,
				labels: labelsSchema.parse(JSON.parse(c.labels)),
				handledBy: c.handled_by
			}))
	}));
}

export async function countMunicipalities(db: Db): Promise<number> {
	const row = await db.selectFrom('municipality').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	return Number(row.n);
}
