import { z } from 'zod';
import { defaultCategories } from './catalogue.ts';
import { boundarySchema, labelsSchema, type EmergencyNumber, type Labels, type Locale, type PublicMunicipality } from './municipality.ts';
import { templateIds, type TemplateId } from '../ops/templates.ts';

/**
 * A municipality's configuration (issue 17): the one schema that the command line
 * (`npm run municipality`), the API and the device validate it with. Categories, numbers and
 * boundaries are configuration, not code. docs/municipalities.md describes every field.
 */

export const municipalityIdSchema = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'must be 1 to 64 lowercase letters, digits and dashes, e.g. las-condes');

/** A phone number as dialled in Chile: digits, spaces, an optional leading +. */
export const phoneSchema = z.string().regex(/^\+?[0-9][0-9 ]{1,19}$/, 'must be a phone number: digits and spaces, an optional leading +');

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
/** The same text in each of the app's languages; a missing one is named by its path (`…label.pt-BR`). */
export const translatedSchema = (max: number) => z.strictObject({ 'es-CL': text(max), en: text(max), 'pt-BR': text(max) });

const numberSchema = z.strictObject({
	id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be 1 to 40 lowercase letters, digits and dashes'),
	number: phoneSchema,
	label: translatedSchema(80),
	/** national: the country's (131–134 in Chile); municipal: another of the municipality's own lines. */
	kind: z.enum(['national', 'municipal'])
});

/**
 * When the security service is staffed, in OpenStreetMap's `opening_hours` syntax
 * (language-neutral; the device says it in the resident's language): `24/7`, or rules such as
 * `Mo-Fr 08:00-20:00; Sa 09:00-14:00`.
 */
const day = '(?:Mo|Tu|We|Th|Fr|Sa|Su|PH)';
const days = `${day}(?:-${day})?(?:,${day}(?:-${day})?)*`;
const span = '(?:[01][0-9]|2[0-4]):[0-5][0-9]-(?:[01][0-9]|2[0-4]):[0-5][0-9]';
const rule = `${days} (?:${span}(?:,${span})*|off)`;
export const serviceHoursSchema = z
	.string()
	.regex(new RegExp(`^(?:24/7|${rule}(?:; ${rule})*)$`), 'must be "24/7" or opening hours such as "Mo-Fr 08:00-20:00; Sa 09:00-14:00"');

export const categoryKeys = defaultCategories.map((c) => c.key) as [string, ...string[]];

const handlerSchema = z
	.strictObject({
		name: text(120),
		phone: phoneSchema.optional(),
		web: z.url({ protocol: /^https?$/, error: 'must be a web address starting with https:// or http://' }).optional()
	})
	.refine((h) => h.phone !== undefined || h.web !== undefined, { message: 'needs a phone or a web address, so residents can reach them' });

export const categoryConfigSchema = z
	.strictObject({
		key: z.enum(categoryKeys, { error: (issue) => `is not in the catalogue: "${String(issue.input)}". Known: ${categoryKeys.join(', ')}` }),
		/** shown: residents report it here; hidden: not offered; not_handled: offered as "contact whoever handles it". */
		status: z.enum(['shown', 'hidden', 'not_handled']),
		handledBy: handlerSchema.optional(),
		/** The public map shows only a coarse cell for reports of this category, never the pin. */
		pointsAtHome: z.boolean(),
		/** Response targets: time to acknowledge (minutes) and to close (hours). */
		targets: z.strictObject({
			acknowledgeMinutes: z.int().min(1).max(7 * 24 * 60),
			closeHours: z.int().min(1).max(365 * 24)
		})
	})
	.superRefine((c, ctx) => {
		if (c.status === 'not_handled' && !c.handledBy) ctx.addIssue({ code: 'custom', path: ['handledBy'], message: 'is required when status is "not_handled": who handles it, and their phone or web address' });
		if (c.status !== 'not_handled' && c.handledBy) ctx.addIssue({ code: 'custom', path: ['handledBy'], message: 'is only for status "not_handled"' });
	});
export type CategoryConfig = z.infer<typeof categoryConfigSchema>;

/** The radii a resident may choose for an alert area (src/lib/alerts/area.ts). */
const alertRadius = z.union([z.literal(300), z.literal(500), z.literal(1000)], { error: 'must be 300, 500 or 1000 (metres)' });

const populationAreaSchema = z.strictObject({
	id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be 1 to 64 lowercase letters, digits and dashes'),
	name: text(120),
	residents: z.int().min(0).max(100_000_000),
	/** Where the figure comes from, e.g. "Censo 2024". */
	source: text(200),
	boundary: boundarySchema.optional()
});

export const municipalityConfigSchema = z
	.strictObject({
		id: municipalityIdSchema,
		name: text(200),
		boundary: boundarySchema,
		securityLine: z.strictObject({ number: phoneSchema, label: translatedSchema(80) }),
		/** Every other number the emergency screen shows, in this order (national numbers included). */
		numbers: z.array(numberSchema).max(20),
		serviceHours: serviceHoursSchema,
		categories: z.array(categoryConfigSchema).min(1).max(categoryKeys.length),
		/** The automatic first answer every new report gets. */
		autoAnswer: translatedSchema(500),
		/** The municipality's own wording of the console's response templates; a template not given keeps the app's. */
		templates: z.strictObject(Object.fromEntries(templateIds.map((id) => [id, translatedSchema(500).optional()])) as Record<TemplateId, z.ZodOptional<ReturnType<typeof translatedSchema>>>).default({}),
		alertAreas: z.strictObject({ defaultRadiusMetres: alertRadius }),
		/** The population per area, which published figures divide by (counts of reports, not rates of crime). */
		population: z.array(populationAreaSchema).max(500)
	})
	// Runs even when fields above have problems, so a file is refused with every problem at once.
	.superRefine(crossChecks, { when: () => true });

type Ctx = z.RefinementCtx;
const listOf = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null) : []);

/** What no single field can say: duplicates, at least one category shown, referral templates naming who. Reads the input loosely. */
function crossChecks(input: unknown, ctx: Ctx): void {
	if (typeof input !== 'object' || input === null) return;
	const config = input as Record<string, unknown>;
	const twice = (field: string, list: unknown, key: string, extra?: string) => {
		const seen = new Set<unknown>(extra ? [extra] : []);
		(Array.isArray(list) ? list : []).forEach((item, i) => {
			const value = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[key] : undefined;
			if (typeof value !== 'string') return;
			if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [field, i, key], message: `"${value}" is listed twice` });
			seen.add(value);
		});
	};
	twice('categories', config.categories, 'key');
	twice('numbers', config.numbers, 'id', typeof config.id === 'string' ? `${config.id}-security` : undefined);
	twice('population', config.population, 'id');
	const categories = listOf(config.categories);
	if (categories.length && !categories.some((c) => c.status === 'shown')) ctx.addIssue({ code: 'custom', path: ['categories'], message: 'must show at least one category' });
	const templates = typeof config.templates === 'object' && config.templates !== null ? (config.templates as Record<string, unknown>) : {};
	for (const id of ['refer_handled_by', 'close_referred', 'message_referred'] as const) {
		const t = templates[id];
		if (typeof t !== 'object' || t === null) continue;
		for (const locale of ['es-CL', 'en', 'pt-BR'] as const) {
			const said = (t as Record<string, unknown>)[locale];
			if (typeof said === 'string' && !said.includes('{name}')) ctx.addIssue({ code: 'custom', path: ['templates', id, locale], message: 'must say who handles it with {name}' });
		}
	}
}
export type MunicipalityConfig = z.infer<typeof municipalityConfigSchema>;
export type MunicipalityConfigInput = z.input<typeof municipalityConfigSchema>;

/** One problem of a configuration: where (`categories.3.handledBy.phone`) and why. */
export interface ConfigProblem {
	path: string;
	message: string;
}

/** Every problem of a configuration, each with its field path, or the parsed configuration. */
export function checkMunicipalityConfig(input: unknown): { ok: true; config: MunicipalityConfig } | { ok: false; problems: ConfigProblem[] } {
	const parsed = municipalityConfigSchema.safeParse(input);
	if (parsed.success) return { ok: true, config: parsed.data };
	return { ok: false, problems: problemsOf(parsed.error) };
}

export function problemsOf(error: z.ZodError): ConfigProblem[] {
	return error.issues.flatMap((issue) => {
		const at = (path: PropertyKey[]) => (path.length ? path.map(String).join('.') : '(the file)');
		// An unknown field is named itself, with what the object does take.
		if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: at([...issue.path, key]), message: 'is not a field of this configuration (docs/municipalities.md lists them)' }));
		if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return [{ path: at(issue.path), message: 'is required' }];
		return [{ path: at(issue.path), message: issue.message }];
	});
}

/** The numbers the emergency screen shows: the others in order, then the security line. */
export function emergencyNumbersOf(config: MunicipalityConfig): EmergencyNumber[] {
	return [
		...config.numbers.map((n) => ({ id: n.id, number: n.number, label: { ...n.label }, kind: n.kind })),
		{ id: `${config.id}-security`, number: config.securityLine.number, label: { ...config.securityLine.label }, kind: 'municipal' as const }
	];
}

/**
 * How a handler is named where one line of text is shown (the category's `handledBy`): "Enel
 * (600 696 0000)", the phone in brackets as the console's referral reads it (src/lib/ops/referral.ts).
 */
export function handlerLine(handler: { name: string; phone?: string | undefined }): string {
	return handler.phone ? `${handler.name} (${handler.phone})` : handler.name;
}

/** What residents see of the configuration: shown and not-handled categories, in catalogue order. */
export function publicMunicipalityOf(config: MunicipalityConfig): PublicMunicipality {
	const byKey = new Map(config.categories.map((c) => [c.key, c]));
	return {
		id: config.id,
		name: config.name,
		boundary: config.boundary,
		emergencyNumbers: emergencyNumbersOf(config),
		categories: defaultCategories.flatMap((entry) => {
			const c = byKey.get(entry.key);
			if (!c || c.status === 'hidden') return [];
			return [{ key: entry.key, group: entry.group, icon: entry.icon, labels: labelsSchema.parse(entry.labels), handledBy: c.handledBy ? handlerLine(c.handledBy) : null, handledByContact: c.handledBy ? { phone: c.handledBy.phone ?? null, web: c.handledBy.web ?? null } : null }];
		}),
		serviceHours: config.serviceHours,
		autoAnswer: { ...config.autoAnswer },
		alertAreas: { ...config.alertAreas },
		templates: structuredClone(config.templates) as Partial<Record<string, Labels>>
	};
}

/**
 * The municipality's own text of a response template in a language, `{name}` filled with who
 * handles it; null when it keeps the app's wording. The console's template-text.ts falls back on
 * its Paraglide message then.
 */
export function municipalTemplate(municipality: Pick<PublicMunicipality, 'templates'> | undefined, id: TemplateId, locale: Locale, params: { name?: string } = {}): string | null {
	const own = municipality?.templates?.[id]?.[locale];
	if (!own) return null;
	return own.replaceAll('{name}', params.name?.trim() ?? '');
}
