import type { Db } from '../db/index.ts';
import { publicMunicipalityOf } from '../../src/lib/domain/municipality-config.ts';
import type { PublicMunicipality } from './types.ts';
import { municipalityConfigs } from './store.ts';

/** Public configuration of every municipality (shown and not-handled categories, in catalogue order), by name. */
export async function listPublicMunicipalities(db: Db): Promise<PublicMunicipality[]> {
	return (await municipalityConfigs(db)).map(publicMunicipalityOf);
}

export async function countMunicipalities(db: Db): Promise<number> {
	const row = await db.selectFrom('municipality').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	return Number(row.n);
}
