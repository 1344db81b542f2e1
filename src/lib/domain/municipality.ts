import { z } from 'zod';

export const localeSchema = z.enum(['es-CL', 'en', 'pt-BR']);
export type Locale = z.infer<typeof localeSchema>;
export const labelsSchema = z.object({ 'es-CL': z.string().min(1), en: z.string().min(1), 'pt-BR': z.string().min(1) });
export type Labels = z.infer<typeof labelsSchema>;

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z.array(position).min(4);
export const boundarySchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
	z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) })
]);
export type Boundary = z.infer<typeof boundarySchema>;

export const emergencyNumberSchema = z.object({
	id: z.string().regex(/^[a-z0-9-]{1,40}$/),
	number: z.string().regex(/^\+?[0-9 ]{2,20}$/),
	label: labelsSchema,
	kind: z.enum(['national', 'municipal'])
});
export type EmergencyNumber = z.infer<typeof emergencyNumberSchema>;

export interface PublicCategory {
	key: string;
	group: 'security' | 'neighbourhood';
	icon: string;
	labels: Labels;
	handledBy: string | null;
}

/** What any resident, and any device before sign-in, may know about a municipality. */
export interface PublicMunicipality {
	id: string;
	name: string;
	boundary: Boundary;
	emergencyNumbers: EmergencyNumber[];
	categories: PublicCategory[];
}

export const publicMunicipalitySchema = z.object({
	id: z.string().min(1),
	name: z.string().min(1),
	boundary: boundarySchema,
	emergencyNumbers: z.array(emergencyNumberSchema),
	categories: z.array(
		z.object({
			key: z.string().min(1),
			group: z.enum(['security', 'neighbourhood']),
			icon: z.string(),
			labels: labelsSchema,
			handledBy: z.string().nullable()
		})
	)
});

/** GET /api/config: what every device keeps so that it works with no network. */
export const publicConfigSchema = z.object({
	publicUrl: z.string(),
	tiles: z.object({ url: z.string(), attribution: z.string() }),
	municipalities: z.array(publicMunicipalitySchema)
});
export type PublicConfig = z.infer<typeof publicConfigSchema>;
