import { municipalitiesNear, municipalityAt, pointInside, type LngLat } from '$lib/domain/geo.ts';
import type { PublicCategory, PublicMunicipality } from '$lib/domain/municipality.ts';
import { REPORT_PHOTOS_MAX, type PublicReport, type ReportInput } from '$lib/domain/report.ts';
import { duplicateSuggestions } from '$lib/domain/report-duplicates.ts';
import { positionAllowed, readPosition } from '$lib/location/position.ts';
import { callMeFields, phoneProblem } from './call-me.ts';
import type { MyReport } from './db.ts';
import { emptyFeed, followFeed, type FeedView } from './feed-view.ts';
import { processPhoto } from './photo.ts';

/** The steps of the flow: what, where, a few words (and photos). */
export type ReportStep = 1 | 2 | 3;
export const REPORT_STEPS = 3;

/** What the draft needs of the outbox: a refused draft to edit, and saving the report. */
export interface DraftOutbox {
	load(): Promise<void>;
	get(id: string): MyReport | undefined;
	photosOf(id: string): Promise<Blob[]>;
	remove(id: string): Promise<void>;
	save(input: ReportInput, options: { practice: boolean; municipalities: readonly PublicMunicipality[]; photos?: Blob[] }): Promise<unknown>;
}

export interface ReportDraftDeps {
	outbox: () => Promise<DraftOutbox>;
	/** "Follow this one" on a suggested report. */
	follow: (reportId: string) => Promise<void>;
	isPractice: () => boolean;
	/** Read reactively: the stored public configuration. */
	municipalities: () => readonly PublicMunicipality[];
	home: () => PublicMunicipality | null | undefined;
	readPosition?: typeof readPosition;
	positionAllowed?: () => Promise<boolean>;
	processPhoto?: (file: Blob) => Promise<Blob>;
	objectUrls?: { create(blob: Blob): string; revoke(url: string): void };
	newId?: () => string;
	now?: () => Date;
}

export interface DraftPhoto {
	blob: Blob;
	url: string;
}

/**
 * The report being made, across the flow's steps: what the resident chose, where, what they wrote
 * and the photos, with the rules between them (which steps may follow, the suggestions "Is it this
 * one?", the coarse-position notice) and the report it becomes. Kept outside the components, so
 * each step is a component that reads and writes this one draft; focus and navigation stay in the
 * flow's shell (`ReportFlow.svelte`).
 */
export class ReportDraft {
	step = $state<ReportStep>(1);
	id = $state('');
	category = $state<string | null>(null);
	/** A category another body handles, chosen: explained, not taken. */
	notHandled = $state<PublicCategory | null>(null);
	point = $state<LngLat | null>(null);
	source = $state<'gps' | 'map'>('map');
	accuracy = $state<number | null>(null);
	/** Where the phone was, when the pin came from its GPS (kept private by the server). */
	devicePosition = $state<LngLat | null>(null);
	gps = $state<'idle' | 'searching' | 'found' | 'failed'>('idle');
	/** Bumped at each GPS fix, so the map recentres on it. */
	fix = $state(0);
	/** The place described in words instead of a pin. */
	typed = $state(false);
	placeText = $state('');
	placeMunicipality = $state('');
	description = $state('');
	consentToCall = $state(false);
	/** The number to call, private: sent only with consent, seen only by the municipality's staff on this report. */
	phone = $state('');
	/** What is wrong with the number, once the resident tried to send (or left the field after that). */
	phoneProblem = $state<'missing' | 'invalid' | null>(null);
	photos = $state.raw<DraftPhoto[]>([]);
	photoError = $state(false);
	locationError = $state(false);
	/** The side of a border the resident chose (a municipality's id), when the GPS fix was near one. */
	side = $state<string | null>(null);
	/** Next was pressed while the side of the border was not chosen yet. */
	sideError = $state(false);
	dismissedSuggestions = $state(false);
	/** The refusal of the draft being edited (its code), or null. */
	refusal = $state<string | null>(null);
	sending = $state(false);
	/** The feed of the municipality in question, shared with the rest of the device; empty until there is one. */
	feed = $state.raw<FeedView>(emptyFeed);

	readonly home = $derived.by(() => this.#deps.home() ?? null);
	readonly municipalities = $derived.by(() => this.#deps.municipalities());
	readonly categories = $derived(this.home?.categories ?? []);
	readonly pinMunicipality = $derived(this.point ? municipalityAt(this.municipalities, this.point) : undefined);
	/**
	 * The municipalities a GPS fix may be in when its accuracy circle crosses a border (two or more),
	 * else none: the resident is asked which side it happened on. A pin placed on the map is exact.
	 */
	readonly borderChoices = $derived.by<PublicMunicipality[]>(() => {
		const fix = this.devicePosition ?? this.point;
		if (this.typed || this.source !== 'gps' || !fix || this.accuracy === null) return [];
		const near = municipalitiesNear(this.municipalities, fix, this.accuracy);
		return near.length > 1 ? near : [];
	});
	readonly hasLocation = $derived(this.typed ? this.placeText.trim().length >= 3 && !!this.placeMunicipality : !!this.point);
	/** The public will see only the block, not the pin (the category points at a home). */
	readonly coarse = $derived(!!this.category && this.feed.coarseCategories.includes(this.category));
	/** Open reports of the same category nearby: "Is it this one?". */
	readonly suggestions = $derived.by<PublicReport[]>(() =>
		this.category && this.point && !this.typed && !this.dismissedSuggestions
			? duplicateSuggestions(this.feed.reports, { category: this.category, point: this.point }, this.#now())
			: []
	);
	/** The feed of the municipality where the pin is (or home). */
	readonly feedMunicipality = $derived(this.pinMunicipality?.id ?? this.home?.id);

	readonly #deps: ReportDraftDeps;
	readonly #now: () => Date;
	readonly #newId: () => string;
	readonly #urls: { create(blob: Blob): string; revoke(url: string): void };
	/** The draft being edited (a refused report), or null for a new one. */
	#draftId: string | null = null;

	constructor(deps: ReportDraftDeps) {
		this.#deps = deps;
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a moment read once, not state
		this.#now = deps.now ?? (() => new Date());
		this.#newId = deps.newId ?? (() => crypto.randomUUID());
		this.#urls = deps.objectUrls ?? { create: (b) => URL.createObjectURL(b), revoke: (u) => URL.revokeObjectURL(u) };
		this.id = this.#newId();
	}

	/** Follows the feed of `feedMunicipality`; call from an effect (returns its release). */
	followFeed(): (() => void) | undefined {
		const where = this.feedMunicipality;
		if (!where) return;
		return followFeed(where, (f) => (this.feed = f));
	}

	/** A place in words defaults to the home municipality; call from an effect. */
	defaultPlaceMunicipality(): void {
		if (!this.placeMunicipality && this.home) this.placeMunicipality = this.home.id;
	}

	/** Opens a refused report to edit it. Answers whether there was one (then the flow is at step 2). */
	async loadDraft(draftId: string): Promise<boolean> {
		const outbox = await this.#deps.outbox();
		await outbox.load();
		const draft = outbox.get(draftId);
		if (!draft) return false;
		const input = draft.input;
		this.#draftId = draft.id;
		this.id = draft.id;
		this.category = input.category;
		this.description = input.description;
		this.consentToCall = input.consentToCall;
		this.phone = input.phone ?? '';
		this.devicePosition = input.devicePosition ?? null;
		if (input.location.kind === 'point') {
			this.point = input.location.point;
			this.source = input.location.source;
			this.accuracy = input.location.accuracyMetres ?? null;
			// The pin sent is on the side chosen then (the fix may have been near a border).
			this.side = municipalityAt(this.municipalities, input.location.point)?.id ?? null;
		} else {
			this.typed = true;
			this.placeText = input.location.text;
			this.placeMunicipality = input.location.municipality;
		}
		this.photos = (await outbox.photosOf(draft.id)).map((blob) => ({ blob, url: this.#urls.create(blob) }));
		this.refusal = draft.refusal?.code ?? null;
		this.step = 2;
		return true;
	}

	/** Chooses a category. Answers whether the flow goes on (a category handled elsewhere is only explained). */
	choose(category: PublicCategory): boolean {
		if (category.handledBy) {
			this.notHandled = category;
			return false;
		}
		this.notHandled = null;
		this.category = category.key;
		return true;
	}

	/**
	 * When the resident has already allowed this app to read the location, the location step reads it
	 * as it opens: no tap, and the fix arrives while they look at the map. Never asks for permission
	 * (that stays behind "Use my location"), and never replaces a pin they placed or a typed place.
	 */
	async locateIfAllowed(): Promise<void> {
		if (this.point || this.typed || this.gps !== 'idle') return;
		if ((await (this.#deps.positionAllowed ?? positionAllowed)()) && !this.point && !this.typed) await this.locate(true);
	}

	/** Reads the GPS once ("Use my location", or `auto` as the location step opens). */
	async locate(auto = false): Promise<void> {
		this.gps = 'searching';
		const result = await (this.#deps.readPosition ?? readPosition)({ highAccuracy: true, timeoutMs: 20_000, maximumAgeMs: 0 });
		if (!result.ok) {
			this.gps = auto ? 'idle' : 'failed';
			return;
		}
		// The resident chose meanwhile (a pin on the map, or the place in words): theirs wins.
		if (auto && (this.typed || (this.point && this.source === 'map'))) {
			this.gps = 'idle';
			return;
		}
		const here = result.fix.point;
		this.point = here;
		this.devicePosition = here;
		this.source = 'gps';
		this.accuracy = result.fix.accuracy;
		this.gps = 'found';
		this.fix++;
		this.typed = false;
		this.locationError = false;
		this.side = null;
		this.sideError = false;
	}

	/** A pin placed or dragged on the map. */
	pick(point: LngLat): void {
		this.point = point;
		this.source = 'map';
		this.accuracy = null;
		this.locationError = false;
		this.side = null;
		this.sideError = false;
	}

	/**
	 * The resident says on which side of the border it happened: the pin moves just inside that
	 * municipality (it stays where the fix put it if already there), so the point the server routes
	 * by is on the chosen side; the fix itself goes as the device's position, for the operators.
	 */
	chooseSide(municipalityId: string): void {
		const chosen = this.borderChoices.find((mu) => mu.id === municipalityId);
		const fix = this.devicePosition ?? this.point;
		if (!chosen || !fix) return;
		const inside = pointInside(chosen.boundary, fix);
		if (!inside) return;
		this.point = inside;
		this.side = chosen.id;
		this.sideError = false;
	}

	/** Whether the flow may leave the location step; says why not when it may not. */
	locationDone(): boolean {
		this.locationError = !this.hasLocation;
		this.sideError = this.hasLocation && !this.typed && this.borderChoices.length > 0 && !this.side;
		return this.hasLocation && !this.sideError;
	}

	/** Resizes each photo (EXIF gone) and keeps at most `REPORT_PHOTOS_MAX`. */
	async addPhotos(files: readonly Blob[]): Promise<void> {
		const process = this.#deps.processPhoto ?? processPhoto;
		this.photoError = false;
		const added: DraftPhoto[] = [];
		for (const file of files.slice(0, REPORT_PHOTOS_MAX - this.photos.length)) {
			try {
				const blob = await process(file);
				added.push({ blob, url: this.#urls.create(blob) });
			} catch {
				this.photoError = true;
			}
		}
		this.photos = [...this.photos, ...added];
	}

	removePhoto(index: number): void {
		const removed = this.photos[index];
		if (removed) this.#urls.revoke(removed.url);
		this.photos = this.photos.filter((_, i) => i !== index);
	}

	/** "The municipality may call me" was ticked or unticked: what was said about the number no longer holds. */
	consentChanged(): void {
		this.phoneProblem = null;
	}

	/** Checks the number before sending: true when none is needed or it is a number; else says why. */
	checkPhone(): boolean {
		this.phoneProblem = phoneProblem(this.consentToCall, this.phone);
		return this.phoneProblem === null;
	}

	/** Leaving the number's field: a problem already shown is checked again (fixed, or still there). */
	recheckPhone(): void {
		if (this.phoneProblem) this.checkPhone();
	}

	/** Follows a suggested report instead of sending a duplicate. */
	follow(report: PublicReport): Promise<void> {
		return this.#deps.follow(report.id);
	}

	/**
	 * The report as it is sent (each photo with its own id: uploads are idempotent and resume photo by
	 * photo), or null while it is not complete (no category, no place, a call wanted and no number).
	 */
	input(): ReportInput | null {
		if (!this.category || !this.hasLocation || phoneProblem(this.consentToCall, this.phone)) return null;
		const point = this.point;
		return {
			id: this.id,
			category: this.category,
			description: this.description.trim(),
			location:
				this.typed || !point
					? { kind: 'place', text: this.placeText.trim(), municipality: this.placeMunicipality }
					: { kind: 'point', point: [point[0], point[1]], source: this.source, ...(this.accuracy !== null && this.source === 'gps' ? { accuracyMetres: this.accuracy } : {}) },
			...(this.devicePosition && !this.typed ? { devicePosition: [this.devicePosition[0], this.devicePosition[1]] as [number, number] } : {}),
			...callMeFields(this.consentToCall, this.phone),
			reportedAt: this.#now().toISOString(),
			photoIds: this.photos.map(() => this.#newId())
		};
	}

	/**
	 * Saves the report on the device (the outbox sends it). Answers whether it was a practice report,
	 * or null when there was nothing to send (or a send is already on its way).
	 */
	async send(): Promise<{ practice: boolean } | null> {
		if (this.sending || !this.checkPhone()) return null;
		const input = this.input();
		if (!input) return null;
		this.sending = true;
		const outbox = await this.#deps.outbox();
		// A refusal the device does not understand (say, an id already taken) is not fixed by editing:
		// the corrected report goes under a new id, and the old draft is replaced.
		if (this.#draftId && this.refusal === 'unknown') {
			input.id = this.#newId();
			await outbox.remove(this.#draftId);
		}
		const practice = this.#deps.isPractice();
		await outbox.save(input, { practice, municipalities: this.municipalities, photos: this.photos.map((p) => p.blob) });
		return { practice };
	}

	/** Lets the photos' object URLs go (the flow is left). */
	destroy(): void {
		this.photos.forEach((p) => this.#urls.revoke(p.url));
	}
}
