import { defaultCategories } from '../domain/catalogue.ts';
import type { Labels } from '../domain/municipality.ts';
import type { MunicipalityConfig } from '../domain/municipality-config.ts';
import { templateIds, type TemplateId } from '../ops/templates.ts';

/**
 * The settings screen's editable copy of a municipality's configuration (issue 17, item 3), and
 * the configuration it stands for. Every text is a string the form binds to (an empty optional one
 * stands for "not given"), every catalogue category has a row (one the configuration does not list
 * reads as hidden), and every template has its three texts. `configOf` turns it back into what the
 * schema checks and the API takes; the boundary and the population areas' boundaries go back as
 * they were loaded (the Boundary screen changes them).
 */

export type CategoryStatus = 'shown' | 'hidden' | 'not_handled';

export interface CategoryDraft {
	key: string;
	/** Listed in the loaded configuration: kept even when hidden. */
	listed: boolean;
	status: CategoryStatus;
	handledBy: { name: string; phone: string; web: string };
	pointsAtHome: boolean;
	/** Numbers from `<input type="number">`: null when the field is empty. */
	targets: { acknowledgeMinutes: number | null; closeHours: number | null };
}

export interface NumberDraft {
	id: string;
	number: string;
	label: Labels;
	kind: 'national' | 'municipal';
}

export interface AreaDraft {
	id: string;
	name: string;
	residents: number | null;
	source: string;
	boundary?: MunicipalityConfig['population'][number]['boundary'];
}

export interface SettingsDraft {
	id: string;
	boundary: MunicipalityConfig['boundary'];
	name: string;
	serviceHours: string;
	securityLine: { number: string; label: Labels };
	numbers: NumberDraft[];
	categories: CategoryDraft[];
	autoAnswer: Labels;
	templates: Record<TemplateId, Labels>;
	alertRadius: number;
	population: AreaDraft[];
}

/** The configuration a draft stands for, and the category key at each index of its `categories`. */
export interface BuiltConfig {
	config: Record<string, unknown>;
	categoryKeys: string[];
}

export const emptyLabels = (): Labels => ({ 'es-CL': '', en: '', 'pt-BR': '' });
/** Targets a category gets when it is first listed. */
export const defaultTargets = { acknowledgeMinutes: 30, closeHours: 72 } as const;

export function draftOf(config: MunicipalityConfig): SettingsDraft {
	const listed = config.categories.map((c) => c.key);
	const unlisted = defaultCategories.filter((entry) => !listed.includes(entry.key));
	return {
		id: config.id,
		boundary: structuredClone(config.boundary),
		name: config.name,
		serviceHours: config.serviceHours,
		securityLine: { number: config.securityLine.number, label: { ...config.securityLine.label } },
		numbers: config.numbers.map((n) => ({ id: n.id, number: n.number, label: { ...n.label }, kind: n.kind })),
		categories: [
			...config.categories.map((c) => ({
				key: c.key,
				listed: true,
				status: c.status,
				handledBy: { name: c.handledBy?.name ?? '', phone: c.handledBy?.phone ?? '', web: c.handledBy?.web ?? '' },
				pointsAtHome: c.pointsAtHome,
				targets: { ...c.targets }
			})),
			...unlisted.map((entry) => ({ key: entry.key, listed: false, status: 'hidden' as const, handledBy: { name: '', phone: '', web: '' }, pointsAtHome: entry.pointsAtHome ?? false, targets: { ...defaultTargets } }))
		],
		autoAnswer: { ...config.autoAnswer },
		templates: Object.fromEntries(templateIds.map((id) => [id, { ...emptyLabels(), ...config.templates[id] }])) as Record<TemplateId, Labels>,
		alertRadius: config.alertAreas.defaultRadiusMetres,
		population: config.population.map((a) => ({ id: a.id, name: a.name, residents: a.residents, source: a.source, ...(a.boundary ? { boundary: structuredClone(a.boundary) } : {}) }))
	};
}

const given = (text: string): string | undefined => (text.trim() === '' ? undefined : text);
const anyGiven = (labels: Labels) => Object.values(labels).some((t) => t.trim() !== '');

/** The configuration as the schema and `PUT /api/municipalities/:id/config` take it (not yet checked). */
export function configOf(draft: SettingsDraft): BuiltConfig {
	const categories = draft.categories.filter((c) => c.listed || c.status !== 'hidden');
	return {
		categoryKeys: categories.map((c) => c.key),
		config: {
			id: draft.id,
			name: draft.name,
			boundary: draft.boundary,
			securityLine: { number: draft.securityLine.number, label: { ...draft.securityLine.label } },
			numbers: draft.numbers.map((n) => ({ id: n.id, number: n.number, label: { ...n.label }, kind: n.kind })),
			serviceHours: draft.serviceHours,
			categories: categories.map((c) => ({
				key: c.key,
				status: c.status,
				...(c.status === 'not_handled'
					? { handledBy: { name: c.handledBy.name, ...(given(c.handledBy.phone) ? { phone: c.handledBy.phone.trim() } : {}), ...(given(c.handledBy.web) ? { web: c.handledBy.web.trim() } : {}) } }
					: {}),
				pointsAtHome: c.pointsAtHome,
				targets: { ...c.targets }
			})),
			autoAnswer: { ...draft.autoAnswer },
			// A template left empty in every language keeps the app's wording.
			templates: Object.fromEntries(templateIds.filter((id) => anyGiven(draft.templates[id])).map((id) => [id, { ...draft.templates[id] }])),
			alertAreas: { defaultRadiusMetres: draft.alertRadius },
			population: draft.population.map((a) => ({ id: a.id, name: a.name, residents: a.residents, source: a.source, ...(a.boundary ? { boundary: a.boundary } : {}) }))
		}
	};
}

/**
 * The form's name for a problem's path: the configuration's path with a category's index replaced
 * by its key (`categories.3.targets.closeHours` → `categories.robbery.targets.closeHours`), since
 * the form lists every catalogue category and the configuration only some.
 */
export function fieldPathOf(path: string, categoryKeys: readonly string[]): string {
	const parts = path.split('.');
	if (parts[0] === 'categories' && parts[1] !== undefined && /^\d+$/.test(parts[1])) parts[1] = categoryKeys[Number(parts[1])] ?? parts[1];
	return parts.join('.');
}

/** The element id of a field of the form, from its path. */
export const fieldId = (path: string): string => `settings-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}`;

/** The path itself, or its nearest parent, that the form shows as an element (for the error summary's links). */
export function nearestField(path: string, exists: (path: string) => boolean): string {
	const parts = path.split('.');
	while (parts.length > 1 && !exists(parts.join('.'))) parts.pop();
	return parts.join('.');
}
