import { SvelteMap } from 'svelte/reactivity';
import { checkMunicipalityConfig, publicMunicipalityOf, type ConfigProblem, type MunicipalityConfig } from '$lib/domain/municipality-config.ts';
import type { PublicMunicipality } from '$lib/domain/municipality.ts';
import { configOf, draftOf, emptyLabels, fieldPathOf, type SettingsDraft } from './settings-draft.ts';
import { refusedProblems, settingsApi, type SettingsApi } from './settings-api.ts';

/** A problem as the form shows it: beside `field` (a path of the form, see `fieldPathOf`). */
export interface FormProblem extends ConfigProblem {
	field: string;
}

export type SaveOutcome = 'changed' | 'unchanged' | 'invalid' | 'failed';

/**
 * The settings screen's state (issue 17, item 3): the loaded configuration as an editable draft,
 * checked on the device with the same schema as the server before anything is sent, the problems
 * by field, whether there are unsaved changes, the residents' preview of the draft, and the save
 * with its optional reason. The section components bind to `draft`; this class keeps the rules.
 */
export class SettingsForm {
	status = $state<'loading' | 'ready' | 'error'>('loading');
	loadError = $state('');
	draft = $state<SettingsDraft | null>(null);
	reason = $state('');
	saving = $state(false);
	/** After a save was tried, the problems follow every edit; before, the form stays quiet. */
	attempted = $state(false);
	/** What the server refused that the device did not (a newer server's rule). */
	serverProblems = $state.raw<ConfigProblem[]>([]);
	saveError = $state('');
	outcome = $state<SaveOutcome | null>(null);
	/** Each field's label as the form shows it, by field path (the error summary's link texts). */
	readonly labels = new SvelteMap<string, string>();

	#baseline = $state('');
	/** The last preview that could be built: a half-typed draft keeps showing it. */
	#lastPreview: PublicMunicipality | null = null;
	readonly #api: SettingsApi;
	readonly #municipality: string;

	constructor(municipality: string, api: SettingsApi = settingsApi()) {
		this.#municipality = municipality;
		this.#api = api;
	}

	readonly built = $derived(this.draft ? configOf(this.draft) : null);
	readonly check = $derived(this.built ? checkMunicipalityConfig(this.built.config) : null);
	readonly dirty = $derived(!!this.built && JSON.stringify(this.built.config) !== this.#baseline);

	/** Every problem to show, each with the form's field for it. */
	readonly problems = $derived.by<FormProblem[]>(() => {
		const keys = this.built?.categoryKeys ?? [];
		const found = this.attempted && this.check && !this.check.ok ? this.check.problems : this.serverProblems;
		return found.map((p) => ({ ...p, field: fieldPathOf(p.path, keys) }));
	});

	/** What residents would see of the draft (the resident app's shape, `/api/config`). */
	readonly preview = $derived.by<PublicMunicipality | null>(() => {
		if (!this.built) return null;
		try {
			this.#lastPreview = publicMunicipalityOf(this.built.config as unknown as MunicipalityConfig);
		} catch {
			// A field half typed (a number emptied): keep the last one.
		}
		return this.#lastPreview;
	});

	problemsAt(field: string): FormProblem[] {
		return this.problems.filter((p) => p.field === field);
	}

	async load(): Promise<void> {
		this.status = 'loading';
		try {
			this.#reset(await this.#api.config(this.#municipality));
			this.status = 'ready';
		} catch (error) {
			this.loadError = error instanceof Error ? error.message : String(error);
			this.status = 'error';
		}
	}

	#reset(config: MunicipalityConfig): void {
		this.draft = draftOf(config);
		this.#baseline = JSON.stringify(configOf(this.draft).config);
		this.attempted = false;
		this.serverProblems = [];
		this.reason = '';
	}

	/** Checks on the device first: with a problem nothing is sent. */
	async save(): Promise<SaveOutcome> {
		if (!this.built || this.saving) return 'failed';
		this.attempted = true;
		this.serverProblems = [];
		this.saveError = '';
		this.outcome = null;
		const checked = checkMunicipalityConfig(this.built.config);
		if (!checked.ok) return (this.outcome = 'invalid');
		this.saving = true;
		try {
			const { changed } = await this.#api.save(this.#municipality, checked.config, this.reason.trim() || undefined);
			this.#reset(checked.config);
			return (this.outcome = changed ? 'changed' : 'unchanged');
		} catch (error) {
			const problems = refusedProblems(error);
			if (problems) {
				this.serverProblems = problems;
				return (this.outcome = 'invalid');
			}
			this.saveError = error instanceof Error ? error.message : String(error);
			return (this.outcome = 'failed');
		} finally {
			this.saving = false;
		}
	}

	addNumber(): void {
		this.draft?.numbers.push({ id: '', number: '', label: emptyLabels(), kind: 'municipal' });
	}

	removeNumber(index: number): void {
		this.draft?.numbers.splice(index, 1);
	}

	addArea(): void {
		this.draft?.population.push({ id: '', name: '', residents: null, source: '' });
	}

	removeArea(index: number): void {
		this.draft?.population.splice(index, 1);
	}
}
