import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import { generatePassword, hashPassword } from '../auth/password.ts';
import { boundarySchema } from '../municipalities/types.ts';
import { countMunicipalities } from '../municipalities/repository.ts';
import { writeMunicipality } from '../municipalities/store.ts';
import { municipalityConfigSchema, type MunicipalityConfig } from '../../src/lib/domain/municipality-config.ts';
import { defaultCategories, nationalEmergencyNumbers } from './catalogue.ts';
import demoFile from './demo-municipalities.json' with { type: 'json' };

/** The demo file says only what differs between the two comunas; the rest is filled in below. */
const demoSchema = z.object({
	municipalities: z.array(
		z.object({
			id: z.string(),
			name: z.string(),
			boundary: boundarySchema,
			securityLine: z.object({ number: z.string(), label: z.record(z.string(), z.string()) }),
			hiddenCategories: z.array(z.string()),
			notHandled: z.record(z.string(), z.object({ name: z.string(), phone: z.string().optional(), web: z.string().optional() })),
			population: z.array(z.unknown())
		})
	)
});

type DemoMunicipality = z.infer<typeof demoSchema>['municipalities'][number];

/** A demo comuna's whole configuration, checked by the same schema as any municipality's file. */
export function demoConfig(m: DemoMunicipality): MunicipalityConfig {
	return municipalityConfigSchema.parse({
		id: m.id,
		name: m.name,
		boundary: m.boundary,
		securityLine: m.securityLine,
		numbers: nationalEmergencyNumbers.map((n) => ({ id: n.id, number: n.number, label: { ...n.label }, kind: 'national' })),
		serviceHours: '24/7',
		categories: defaultCategories.map((c) => ({
			key: c.key,
			status: m.hiddenCategories.includes(c.key) ? 'hidden' : m.notHandled[c.key] ? 'not_handled' : 'shown',
			...(m.notHandled[c.key] ? { handledBy: m.notHandled[c.key] } : {}),
			pointsAtHome: c.pointsAtHome ?? false,
			targets: c.group === 'security' ? { acknowledgeMinutes: 15, closeHours: 72 } : { acknowledgeMinutes: 1440, closeHours: 240 }
		})),
		autoAnswer: {
			'es-CL': `Recibimos tu reporte. El equipo de seguridad de ${m.name} lo revisará.`,
			en: `We received your report. The ${m.name} security team will review it.`,
			'pt-BR': `Recebemos o seu relato. A equipe de segurança de ${m.name} vai analisá-lo.`
		},
		templates: {},
		alertAreas: { defaultRadiusMetres: 500 },
		population: m.population
	});
}

/** Providencia's and Las Condes' configurations, as the demo seeds them. */
export const demoConfigs = (): MunicipalityConfig[] => demoSchema.parse(demoFile).municipalities.map(demoConfig);

export interface SeededCredential {
	municipality: string;
	role: 'operator' | 'admin';
	username: string;
	password: string;
}

/**
 * Seeds Providencia and Las Condes when the store holds no municipality yet, in one transaction,
 * through the same path as `npm run municipality -- add` (so their addition is in the record).
 * Returns the generated staff credentials (to be shown once), or null when nothing was seeded.
 */
export async function seedDemo(db: Db, now: () => Date = () => new Date()): Promise<SeededCredential[] | null> {
	if ((await countMunicipalities(db)) > 0) return null;
	const configs = demoConfigs();
	const credentials: SeededCredential[] = [];
	const staff: { id: string; municipality: string; role: 'operator' | 'admin'; username: string; hash: string }[] = [];
	for (const m of configs) {
		for (const role of ['operator', 'admin'] as const) {
			const password = generatePassword();
			const username = `${role}@${m.id}`;
			credentials.push({ municipality: m.name, role, username, password });
			staff.push({ id: randomUUID(), municipality: m.id, role, username, hash: await hashPassword(password) });
		}
	}
	const at = now();
	const createdAt = at.toISOString();
	await db.transaction().execute(async (tx) => {
		for (const config of configs) await writeMunicipality(tx, config, 'add', { now: at, reason: 'demo data (CUADRA_SEED=demo)' });
		for (const s of staff) {
			await tx
				.insertInto('user')
				.values({ id: s.id, kind: 'staff', username: s.username, password_hash: s.hash, display_name: null, created_at: createdAt })
				.execute();
			await tx.insertInto('membership').values({ user_id: s.id, municipality_id: s.municipality, role: s.role }).execute();
		}
	});
	return credentials;
}
