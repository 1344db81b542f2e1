import type { EmergencyNumber, Labels, PublicMunicipality } from '$lib/domain/municipality.ts';

/** A number as the emergency screen shows it. Built-in numbers carry no label: the UI names them. */
export interface ShownNumber {
	id: string;
	number: string;
	kind: 'national' | 'municipal';
	/** From the municipality's configuration; null for the built-in fallback. */
	label: Labels | null;
}

export interface NumbersView {
	/** The municipality's own lines (its security phone). Empty when not known yet. */
	municipal: ShownNumber[];
	national: ShownNumber[];
	/** True when the numbers come from a municipality's stored configuration. */
	fromConfig: boolean;
}

/**
 * Chile's national numbers, built into the app so that the screen is useful on the very first
 * visit with no network, before any configuration has reached the device.
 */
export const builtInNationalNumbers: readonly ShownNumber[] = Object.freeze([
	{ id: 'samu', number: '131', kind: 'national', label: null },
	{ id: 'bomberos', number: '132', kind: 'national', label: null },
	{ id: 'carabineros', number: '133', kind: 'national', label: null },
	{ id: 'pdi', number: '134', kind: 'national', label: null }
]);

const shown = (n: EmergencyNumber): ShownNumber => ({ id: n.id, number: n.number, kind: n.kind, label: n.label });

/**
 * The numbers to show: the chosen municipality's lines first, then the national ones. Without a
 * chosen municipality, the national numbers come from any stored configuration (they are the same
 * everywhere in the country), or from the built-in list.
 */
export function numbersFor(home: PublicMunicipality | undefined, municipalities: readonly PublicMunicipality[]): NumbersView {
	if (home) {
		const national = home.emergencyNumbers.filter((n) => n.kind === 'national').map(shown);
		return {
			municipal: home.emergencyNumbers.filter((n) => n.kind === 'municipal').map(shown),
			national: national.length ? national : [...builtInNationalNumbers],
			fromConfig: true
		};
	}
	const anyNational = municipalities.find((m) => m.emergencyNumbers.some((n) => n.kind === 'national'));
	if (anyNational) {
		return { municipal: [], national: anyNational.emergencyNumbers.filter((n) => n.kind === 'national').map(shown), fromConfig: true };
	}
	return { municipal: [], national: [...builtInNationalNumbers], fromConfig: false };
}

/** What goes after `tel:`: digits and a leading plus only. */
export function dialDigits(number: string): string {
	const trimmed = number.trim();
	return `${trimmed.startsWith('+') ? '+' : ''}${trimmed.replace(/[^0-9]/g, '')}`;
}

export const telHref = (number: string): string => `tel:${dialDigits(number)}`;

/** The number to offer after a panic: the municipality's security line, or the police (133). */
export function panicCallNumber(view: NumbersView): ShownNumber {
	return view.municipal[0] ?? view.national.find((n) => n.number === '133') ?? view.national[0] ?? builtInNationalNumbers[2]!;
}
