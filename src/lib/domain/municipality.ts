import { z } from 'zod';

export const localeSchema = z.enum(['es-CL', 'en', 'pt-BR']);
export type Locale = z.infer<typeof localeSchema>;
export const labelsSchema = z.object({ 'es-CL': z.string().min(1), en: z.string().min(1), 'pt-BR': z.string().min(1) });
export type Labels = z.infer<typeof labelsSchema>;

/** [longitude, latitude], as GeoJSON writes a position. */
const position = z.tuple([
	z.number({ error: 'must be a longitude (a number)' }).min(-180, 'must be a longitude from -180 to 180').max(180, 'must be a longitude from -180 to 180'),
	z.number({ error: 'must be a latitude (a number)' }).min(-90, 'must be a latitude from -90 to 90').max(90, 'must be a latitude from -90 to 90')
]);
/** A linear ring (RFC 7946 §3.1.6): at least 4 positions, the last the same as the first. */
const ring = z
	.array(position)
	.min(4, 'must have at least 4 positions (a closed ring: the last repeats the first)')
	.refine((r) => r.length < 4 || (r[0]?.[0] === r.at(-1)?.[0] && r[0]?.[1] === r.at(-1)?.[1]), { message: 'is not closed: its last position must be the same as its first' });
export const boundarySchema = z.discriminatedUnion(
	'type',
	[
		z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1, 'must have an outer ring') }),
		z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1, 'must have an outer ring')).min(1, 'must have at least one polygon') })
	],
	{ error: 'must be a GeoJSON Polygon or MultiPolygon' }
);
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
	/** How to reach whoever handles a category the municipality does not (issue 17). */
	handledByContact?: { phone: string | null; web: string | null } | null;
}

/** What any resident, and any device before sign-in, may know about a municipality. */
export interface PublicMunicipality {
	id: string;
	name: string;
	boundary: Boundary;
	emergencyNumbers: EmergencyNumber[];
	categories: PublicCategory[];
	/** From the configuration (issue 17); optional so a device's copy from before it still reads. */
	serviceHours?: string;
	autoAnswer?: Labels;
	alertAreas?: { defaultRadiusMetres: number };
	/** The municipality's own wording of response templates, by template id (src/lib/ops/templates.ts). */
	templates?: Partial<Record<string, Labels>>;
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
			handledBy: z.string().nullable(),
			handledByContact: z.object({ phone: z.string().nullable(), web: z.string().nullable() }).nullable().optional()
		})
	),
	serviceHours: z.string().optional(),
	autoAnswer: labelsSchema.optional(),
	alertAreas: z.object({ defaultRadiusMetres: z.number() }).optional(),
	templates: z.record(z.string(), labelsSchema).optional()
});

/** GET /api/config: what every device keeps so that it works with no network. */
export const publicConfigSchema = z.object({
	publicUrl: z.string(),
	tiles: z.object({ url: z.string(), attribution: z.string() }),
	municipalities: z.array(publicMunicipalitySchema)
});
export type PublicConfig = z.infer<typeof publicConfigSchema>;
