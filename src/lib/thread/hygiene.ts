/**
 * A gentle check of a thread message before it is sent (issue 16, item 6): does it describe what
 * someone looks like (in a security category), or hold what looks like a phone number or a street
 * address? The resident is asked, never stopped: they may send it as it is. Heuristics, on the
 * device only; the words are Spanish, English and Portuguese, without accents.
 */
export type ThreadWarning = 'looks' | 'phone' | 'address';

const appearance = [
	// es-CL
	'chaqueta', 'polera', 'poleron', 'pantalon', 'jeans', 'gorro', 'jockey', 'capucha', 'pelo', 'cabello', 'moreno', 'morena', 'rubio', 'rubia', 'alto', 'alta', 'bajo', 'baja', 'gordo', 'gorda', 'flaco', 'flaca', 'piel', 'tez', 'tatuaje', 'barba', 'vestido', 'vestida', 'extranjero', 'extranjera', 'moreno', 'negro', 'negra', 'blanco', 'blanca',
	// en
	'jacket', 'shirt', 'hoodie', 'hood', 'trousers', 'pants', 'cap', 'hair', 'skin', 'tall', 'short', 'fat', 'skinny', 'thin', 'tattoo', 'beard', 'wearing', 'dressed', 'foreigner', 'black', 'white',
	// pt-BR
	'jaqueta', 'camisa', 'camiseta', 'moletom', 'calca', 'bone', 'cabelo', 'pele', 'baixo', 'baixa', 'gordo', 'magro', 'magra', 'tatuagem', 'vestindo', 'estrangeiro', 'estrangeira', 'preto', 'preta', 'branco', 'branca'
];
const appearanceWords = new Set(appearance);

const streetWords = ['calle', 'avenida', 'av', 'pasaje', 'psje', 'pje', 'camino', 'street', 'st', 'road', 'rd', 'avenue', 'ave', 'rua', 'travessa', 'alameda'];
const streetPattern = new RegExp(`\\b(?:${streetWords.join('|')})\\.?\\s+[\\p{L}][\\p{L}.' -]{1,40}?\\s*(?:#|n[°ºo.]?\\s*)?\\d{1,5}\\b`, 'iu');
/** A name of one or more capitalised words ("Pedro de Valdivia") and a house number: 2 to 5 digits. */
const namedNumberPattern = /\b\p{Lu}[\p{L}.]+(?:\s+(?:de|del|la|las|los|da|do|dos|das|\p{Lu}[\p{L}.]+))*\s+#?\d{2,5}\b/u;

/** Folded for matching: lower case, no accents. */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function looksLikePhone(text: string): boolean {
	for (const run of text.match(/\+?\d[\d\s().-]{6,}\d/g) ?? []) {
		const digits = run.replace(/\D/g, '');
		if (digits.length >= 8 && digits.length <= 15) return true;
	}
	return false;
}

function describesLooks(text: string): boolean {
	return fold(text)
		.split(/[^\p{L}]+/u)
		.some((word) => appearanceWords.has(word));
}

/** Dates and times are not phone numbers or house numbers: 2026-12-04, 04/12/2026, 21:30. */
const dateOrTime = /\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}:\d{2}\b/g;
/** A year after a word ("desde 2019", "Reporte 2026") is not a house number either. */
const year = /\b(?:19|20)\d{2}\b/g;

/** What to ask about before `text` is sent, in the order the prompt shows them. */
export function threadWarnings(message: string, options: { security: boolean }): ThreadWarning[] {
	const text = message.replace(dateOrTime, ' ');
	const found: ThreadWarning[] = [];
	if (options.security && describesLooks(text)) found.push('looks');
	if (looksLikePhone(text)) found.push('phone');
	if (streetPattern.test(text) || namedNumberPattern.test(text.replace(year, ' '))) found.push('address');
	return found;
}
