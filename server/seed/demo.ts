import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import { generatePassword, hashPassword } from '../auth/password.ts';
import { boundarySchema, labelsSchema, type EmergencyNumber } from '../municipalities/types.ts';
import { countMunicipalities } from '../municipalities/repository.ts';
import { defaultCategories, nationalEmergencyNumbers } from './catalogue.ts';
import demoFile from './demo-municipalities.json' with { type: 'json' };

const demoSchema = z.object({
	municipalities: z.array(
		z.object({
			id: z.string().regex(/^[a-z0-9-]+$/),
			name: z.string().min(1),
			boundary: boundarySchema,
			securityLine: z.object({ number: z.string(), label: labelsSchema }),
			hiddenCategories: z.array(z.string()),
			notHandled: z.record(z.string(), z.string())
		})
	)
});

export interface SeededCredential {
	municipality: string;
	role: 'operator' | 'admin';
	username: string;
	password: string;
}

/**
 * Seeds Providencia and Las Condes when the store holds no municipality yet, in one transaction.
 * Returns the generated staff credentials (to be shown once), or null when nothing was seeded.
 */
export async function seedDemo(db: Db, now: () => Date = () => new Date()): Promise<SeededCredential[] | null> {
	if ((await countMunicipalities(db)) > 0) return null;
	const demo = demoSchema.parse(demoFile);
	const credentials: SeededCredential[] = [];
	const staff: { id: string; municipality: string; role: 'operator' | 'admin'; username: string; hash: string }[] = [];
	for (const m of demo.municipalities) {
		for (const role of ['operator', 'admin'] as const) {
			const password = generatePassword();
			const username = `${role}@${m.id}`;
			credentials.push({ municipality: m.name, role, username, password });
			staff.push({ id: randomUUID(), municipality: m.id, role, username, hash: await hashPassword(password) });
		}
	}
	const createdAt = now().toISOString();
	await db.transaction().execute(async (tx) => {
		for (const m of demo.municipalities) {
			const numbers: EmergencyNumber[] = [
				...nationalEmergencyNumbers.map((n) => ({ ...n, label: { ...n.label }, kind: 'national' as const })),
				{ id: `${m.id}-security`, number: m.securityLine.number, label: m.securityLine.label, kind: 'municipal' }
			];
			await tx
				.insertInto('municipality')
				.values({
					id: m.id,
					name: m.name,
					boundary: JSON.stringify(m.boundary),
					emergency_numbers: JSON.stringify(numbers),
					created_at: createdAt
				})
				.execute();
			await tx
				.insertInto('category')
				.values(
					defaultCategories.map((c, position) => ({
						municipality_id: m.id,
						key: c.key,
						group: c.group,
						icon: c.icon,
						labels: JSON.stringify(c.labels),
						hidden: m.hiddenCategories.includes(c.key) ? 1 : 0,
						handled_by: m.notHandled[c.key] ?? null,
						points_at_home: c.pointsAtHome ? 1 : 0,
						position
					}))
				)
				.execute();
		}
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
