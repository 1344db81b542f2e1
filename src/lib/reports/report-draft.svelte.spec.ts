import { describe, expect, it } from 'vitest';
import demo from '../../../server/seed/demo-municipalities.json' with { type: 'json' };
import type { LngLat } from '$lib/domain/geo.ts';
import { boundarySchema, type PublicCategory, type PublicMunicipality } from '$lib/domain/municipality.ts';
import type { ReportInput } from '$lib/domain/report.ts';
import type { PositionResult } from '$lib/location/position.ts';
import type { MyReport } from './db.ts';
import { feedReport } from './feed-fixtures.ts';
import { ReportDraft, type DraftOutbox, type ReportDraftDeps } from './report-draft.svelte.ts';

const category = (key: string, over: Partial<PublicCategory> = {}): PublicCategory =>
	({ key, group: 'security', icon: 'alert', labels: { 'es-CL': key, en: key, 'pt-BR': key }, handledBy: null, ...over }) as PublicCategory;
const municipalities = demo.municipalities.map((m) => ({
	id: m.id,
	name: m.name,
	boundary: boundarySchema.parse(m.boundary),
	emergencyNumbers: [],
	categories: [category('robbery'), category('power_cut', { group: 'neighbourhood', handledBy: 'Enel' })]
})) as PublicMunicipality[];
const providencia = municipalities.find((m) => m.id === 'providencia')!;
const inProvidencia: LngLat = [-70.6128, -33.4255];

function setup(over: Partial<ReportDraftDeps> = {}, mine: MyReport[] = []) {
	const saved: { input: ReportInput; practice: boolean; photos: number }[] = [];
	const removed: string[] = [];
	const followed: string[] = [];
	let ids = 0;
	const outbox: DraftOutbox = {
		load: async () => undefined,
		get: (id) => mine.find((r) => r.id === id),
		photosOf: async () => ['photo' as unknown as Blob],
		remove: async (id) => void removed.push(id),
		save: async (input, options) => void saved.push({ input, practice: options.practice, photos: options.photos?.length ?? 0 })
	};
	let practice = false;
	const draft = new ReportDraft({
		outbox: async () => outbox,
		follow: async (id) => void followed.push(id),
		isPractice: () => practice,
		municipalities: () => municipalities,
		home: () => providencia,
		newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
		now: () => new Date('2026-11-21T12:30:00.000Z'),
		objectUrls: { create: () => `blob:${ids}`, revoke: () => undefined },
		positionAllowed: async () => false,
		readPosition: async () => ({ ok: false, reason: 'denied' }),
		...over
	});
	return { draft, saved, removed, followed, setPractice: (on: boolean) => (practice = on) };
}

describe('ReportDraft', () => {
	it('goes on from a category only when the municipality handles it, and explains the one it does not', () => {
		const { draft } = setup();
		expect(draft.choose(category('power_cut', { handledBy: 'Enel' }))).toBe(false);
		expect(draft.notHandled?.key).toBe('power_cut');
		expect(draft.category).toBeNull();
		expect(draft.choose(category('robbery'))).toBe(true);
		expect(draft).toMatchObject({ category: 'robbery', notHandled: null });
	});

	it('needs a pin or a place of three characters before the details, and says so', () => {
		const { draft } = setup();
		expect(draft.locationDone()).toBe(false);
		expect(draft.locationError).toBe(true);
		draft.typed = true;
		draft.placeText = 'ab';
		draft.defaultPlaceMunicipality();
		expect(draft.placeMunicipality).toBe('providencia');
		expect(draft.locationDone()).toBe(false);
		draft.placeText = 'Plaza';
		expect(draft.locationDone()).toBe(true);
		expect(draft.locationError).toBe(false);
		draft.typed = false;
		draft.pick(inProvidencia);
		expect(draft.pinMunicipality?.id).toBe('providencia');
		expect(draft.locationDone()).toBe(true);
	});

	it('reads the GPS as the location step opens only when allowed, and never over a pin placed meanwhile', async () => {
		const fix: PositionResult = { ok: true, fix: { point: inProvidencia, accuracy: 12 } };
		const denied = setup();
		await denied.draft.locateIfAllowed();
		expect(denied.draft.gps).toBe('idle');

		const allowed = setup({ positionAllowed: async () => true, readPosition: async () => fix });
		await allowed.draft.locateIfAllowed();
		expect(allowed.draft).toMatchObject({ point: inProvidencia, devicePosition: inProvidencia, source: 'gps', accuracy: 12, gps: 'found', fix: 1 });

		let answer: (r: PositionResult) => void = () => undefined;
		const slow = setup({ positionAllowed: async () => true, readPosition: () => new Promise((r) => (answer = r)) });
		const reading = slow.draft.locateIfAllowed();
		await Promise.resolve();
		await Promise.resolve();
		slow.draft.pick([-70.61, -33.43]);
		answer(fix);
		await reading;
		expect(slow.draft).toMatchObject({ point: [-70.61, -33.43], source: 'map', gps: 'idle' });

		const failed = setup();
		await failed.draft.locate();
		expect(failed.draft.gps).toBe('failed');
	});

	it('suggests open reports of the same category nearby, until dismissed', () => {
		const { draft } = setup();
		draft.feed = { ...draft.feed, reports: [feedReport('00000000-0000-4000-8000-0000000000aa', { receivedAt: '2026-11-21T12:00:00.000Z' })], coarseCategories: ['robbery'] };
		draft.choose(category('robbery'));
		expect(draft.suggestions).toEqual([]);
		draft.pick(inProvidencia);
		expect(draft.suggestions.map((r) => r.id)).toEqual(['00000000-0000-4000-8000-0000000000aa']);
		expect(draft.coarse).toBe(true);
		draft.dismissedSuggestions = true;
		expect(draft.suggestions).toEqual([]);
	});

	it('becomes the report it sends: trimmed text, the GPS accuracy, a fresh id per photo; practice as the switch says', async () => {
		const { draft, saved, setPractice } = setup({ positionAllowed: async () => true, readPosition: async () => ({ ok: true, fix: { point: inProvidencia, accuracy: 9 } }) });
		expect(await draft.send()).toBeNull();
		draft.choose(category('robbery'));
		await draft.locate();
		draft.description = '  Bag snatched  ';
		await draft.addPhotos(['a', 'b', 'c', 'd'] as unknown as Blob[]);
		expect(draft.photos).toHaveLength(0);
		setPractice(true);
		expect(await draft.send()).toEqual({ practice: true });
		expect(saved[0]?.practice).toBe(true);
		expect(saved[0]?.input).toMatchObject({
			id: draft.id,
			category: 'robbery',
			description: 'Bag snatched',
			location: { kind: 'point', point: inProvidencia, source: 'gps', accuracyMetres: 9 },
			devicePosition: inProvidencia,
			reportedAt: '2026-11-21T12:30:00.000Z',
			photoIds: []
		});
	});

	it('keeps at most three photos, resized, and lets one go', async () => {
		const { draft } = setup({ processPhoto: async (file) => file });
		await draft.addPhotos(['a', 'b', 'c', 'd'] as unknown as Blob[]);
		expect(draft.photos).toHaveLength(3);
		draft.removePhoto(0);
		expect(draft.photos.map((p) => p.blob)).toEqual(['b', 'c']);
		const failing = setup({ processPhoto: async () => Promise.reject(new Error('no canvas')) });
		await failing.draft.addPhotos(['a'] as unknown as Blob[]);
		expect(failing.draft).toMatchObject({ photos: [], photoError: true });
	});

	it('opens a refused draft at the location step, and sends one refused for an unknown reason under a new id', async () => {
		const refused: MyReport = {
			id: 'draft-1',
			input: { id: 'draft-1', category: 'robbery', description: 'Robo', location: { kind: 'place', text: 'Plaza Italia', municipality: 'providencia' }, consentToCall: true, phone: '+56 9 1234 5678', reportedAt: '2026-11-21T12:00:00.000Z', photoIds: ['p1'] },
			practice: false,
			state: 'refused',
			municipality: null,
			refusal: { code: 'unknown', message: '' },
			attempts: 0,
			nextAttemptAt: 0,
			savedAt: '2026-11-21T12:00:00.000Z',
			published: null
		};
		const { draft, saved, removed } = setup({}, [refused]);
		expect(await draft.loadDraft('missing')).toBe(false);
		expect(await draft.loadDraft('draft-1')).toBe(true);
		expect(draft).toMatchObject({ step: 2, id: 'draft-1', typed: true, placeText: 'Plaza Italia', consentToCall: true, phone: '+56 9 1234 5678', refusal: 'unknown' });
		expect(draft.photos).toHaveLength(1);
		await draft.send();
		expect(removed).toEqual(['draft-1']);
		expect(saved[0]?.input.id).not.toBe('draft-1');
		expect(saved[0]?.photos).toBe(1);
		expect(saved[0]?.input).toMatchObject({ consentToCall: true, phone: '+56 9 1234 5678' });
	});

	it('asks for a number when the municipality may call, sends it only with consent, and says what is wrong with it', async () => {
		const { draft, saved } = setup();
		draft.choose(category('robbery'));
		draft.pick(inProvidencia);
		draft.consentToCall = true;
		expect(draft.input()).toBeNull();
		expect(await draft.send()).toBeNull();
		expect(draft.phoneProblem).toBe('missing');
		draft.phone = 'llámame';
		draft.recheckPhone();
		expect(draft.phoneProblem).toBe('invalid');
		draft.consentChanged();
		expect(draft.phoneProblem).toBeNull();
		draft.phone = ' +56 9 1234 5678 ';
		expect(await draft.send()).toEqual({ practice: false });
		expect(saved[0]?.input).toMatchObject({ consentToCall: true, phone: '+56 9 1234 5678' });

		const unticked = setup();
		unticked.draft.choose(category('robbery'));
		unticked.draft.pick(inProvidencia);
		unticked.draft.phone = '+56 9 1234 5678';
		expect(await unticked.draft.send()).toEqual({ practice: false });
		expect(unticked.saved[0]?.input.consentToCall).toBe(false);
		expect(unticked.saved[0]?.input).not.toHaveProperty('phone');
	});

	it('follows a suggested report instead of sending a duplicate', async () => {
		const { draft, followed, saved } = setup();
		await draft.follow(feedReport('00000000-0000-4000-8000-0000000000bb'));
		expect(followed).toEqual(['00000000-0000-4000-8000-0000000000bb']);
		expect(saved).toEqual([]);
	});

	it('near a border asks which side: the chosen side holds the pin sent, the fix goes as the device position', async () => {
		// 30 m west of the shared edge of Providencia and Las Condes (at -33.426 it runs through -70.585), ±100 m.
		const nearBorder: LngLat = [-70.585 - 30 / (111_195 * Math.cos(33.426 * (Math.PI / 180))), -33.426];
		const { draft, saved } = setup({ readPosition: async () => ({ ok: true, fix: { point: nearBorder, accuracy: 100 } }) });
		draft.choose(category('robbery'));
		await draft.locate();
		expect(draft.borderChoices.map((mu) => mu.id)).toEqual(['providencia', 'las-condes']);
		// Not answered: the flow does not go on, and says why.
		expect(draft.locationDone()).toBe(false);
		expect(draft).toMatchObject({ sideError: true, locationError: false });
		draft.chooseSide('las-condes');
		expect(draft).toMatchObject({ side: 'las-condes', sideError: false });
		expect(draft.pinMunicipality?.id).toBe('las-condes');
		expect(draft.locationDone()).toBe(true);
		await draft.send();
		const sent = saved[0]?.input;
		expect(sent?.location).toMatchObject({ kind: 'point', source: 'gps', accuracyMetres: 100 });
		expect(sent?.devicePosition).toEqual([...nearBorder]);
		// Changing their mind moves the pin back to where the fix is.
		draft.chooseSide('providencia');
		expect(draft.point).toEqual(nearBorder);
	});

	it('asks nothing for a precise fix, a pin placed on the map, or a place in words', async () => {
		const nearBorder: LngLat = [-70.5853, -33.426];
		const precise = setup({ readPosition: async () => ({ ok: true, fix: { point: nearBorder, accuracy: 8 } }) });
		await precise.draft.locate();
		expect(precise.draft.borderChoices).toEqual([]);
		const { draft } = setup({ readPosition: async () => ({ ok: true, fix: { point: nearBorder, accuracy: 100 } }) });
		await draft.locate();
		expect(draft.borderChoices).toHaveLength(2);
		draft.pick([-70.5851, -33.426]);
		expect(draft.borderChoices).toEqual([]);
		expect(draft.locationDone()).toBe(true);
		await draft.locate();
		draft.typed = true;
		draft.placeText = 'Plaza';
		draft.placeMunicipality = 'providencia';
		expect(draft.borderChoices).toEqual([]);
		expect(draft.locationDone()).toBe(true);
	});
});
