import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageTexts } from './message-files.ts';

/**
 * es-CL speaks to the person as *tú*, everywhere (docs/architecture.md, i18n). These are the
 * *usted* forms Cuadra's messages have used or would naturally use; none may appear.
 */
const usted = [
	/\busted(es)?\b/i,
	// Imperatives: "Toque", "Elija", "Escriba"…
	// (at the start of a sentence: in the middle, "que lo cierre" is a subjunctive, right with tú too).
	/(^|[.:;!?¿¡—]\s*)(toque|elija|escriba|mantenga|intente|agregue|apriete|pida|espere|revise|anote|cree|llame|desactive|active|pruebe|vuelva|borre|guarde|diga|marque|abra|cierre|instale|descargue|elimine|cambie|use)\b/iu,
	// …and with a pronoun: "Llámeme", "Déselo", "Anótelo", "Elíjala", "Pruébelo", "Escríbalo" (tú: "Llámame", "Dáselo", "Anótalo", "Elígela", "Pruébalo", "Escríbelo").
	/\b(llámeme|llámelo|llámela|déselo|démelo|anótelo|revíselo|elíjala|elíjalo|pruébelo|escríbalo|guárdelo|tóquelo|agréguelo|actívelo|desactívelo|búsquela|búsquelo|pídalo|inténtelo|bórrelo|cámbielo)\b/iu,
	// "Su municipalidad", "sus contactos": the person's own things.
	/\b(su|sus) (contactos?|ubicación|código|nombre|municipalidad|comuna|idioma|teléfono)\b/i,
	/\b(usted|ud\.) (tiene|puede|necesita|quiere|ve|verá)\b/i,
	/\b(tiene|puede) (usted|ud\.)\b/i,
	/\bcuando esté listo\b/i,
	// "Ya tiene 10 contactos", "Luego tiene 5 segundos".
	/\btiene (\d+|contactos)\b/i
];

const root = resolve(import.meta.dirname, '../../../messages');
const features = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

/** Third-person uses that are right: the municipality's phone, a contact's own app. */
const allowed: Record<string, RegExp> = {
	emergency_choose_hint: /su teléfono de seguridad/,
	emergency_linked_intro: /puede ver tu alerta|su aplicación/,
};

describe('es-CL uses one register: tú', () => {
	it('has no usted forms in any message', () => {
		const found: string[] = [];
		for (const feature of features) {
			const messages = JSON.parse(readFileSync(join(root, feature, 'es-CL.json'), 'utf8')) as Record<string, unknown>;
			for (const [key, value] of Object.entries(messages)) {
				if (key === '$schema') continue;
				const text = messageTexts(value).join('\n');
				const cleaned = allowed[key] ? text.replace(allowed[key], '') : text;
				for (const pattern of usted) if (pattern.test(cleaned)) found.push(`${key}: ${text}`);
			}
		}
		expect(found).toEqual([]);
	});

	it('would catch the usted forms the emergency screens used', () => {
		const old = ['Toque un número para llamar.', 'Su municipalidad', 'Por favor llámeme.', 'Anótelo en un papel', 'Ya tiene 10 contactos', 'Usted ve las alertas de:', 'Luego tiene 5 segundos para cancelar.', 'Use los números nacionales.'];
		for (const text of old) expect(usted.some((p) => p.test(text)), text).toBe(true);
		for (const text of ['Toca un número para llamar.', 'Tu municipalidad', 'Por favor llámame.', 'Anótalo en un papel', 'Ya tienes 10 contactos']) {
			expect(usted.some((p) => p.test(text)), text).toBe(false);
		}
	});
});

describe('pt-BR never says “ligar” for turning something on', () => {
	// In pt-BR "ligar" is also to phone: on the emergency screens "Ligar a cópia trancada" read as
	// "phone the locked copy". Switching is "ativar"/"desativar"; "ligar" is only for calls.
	const switching = [/\b(des)?ligad[oa]s?\b/i, /\bdesligar\b/i, /\bligar (o|a|os|as)\b/i, /\bse você ligar\b/i, /^ligar (?!para\b)/i];
	const allowed: Record<string, RegExp> = { account_delete_confirm_body: /ligados a você/ };

	it('has no such use in any message', () => {
		const found: string[] = [];
		for (const feature of features) {
			const messages = JSON.parse(readFileSync(join(root, feature, 'pt-BR.json'), 'utf8')) as Record<string, unknown>;
			for (const [key, value] of Object.entries(messages)) {
				const text = messageTexts(value).join('\n');
				const cleaned = allowed[key] ? text.replace(allowed[key], '') : text;
				if (switching.some((p) => p.test(cleaned))) found.push(`${key}: ${text}`);
			}
		}
		expect(found).toEqual([]);
	});

	it('would catch the old wording and lets calls through', () => {
		expect(switching.some((p) => p.test('Ligar a cópia trancada'))).toBe(true);
		expect(switching.some((p) => p.test('Os alertas estão ligados'))).toBe(true);
		for (const text of ['Ligar para pedir ajuda', 'Ligar para {name} ({number})', 'diga onde você está quando ligar.', 'A prefeitura pode me ligar sobre este relato']) {
			expect(switching.some((p) => p.test(text)), text).toBe(false);
		}
	});
});

describe('pt-BR names practice mode with one word', () => {
	it('says “prática”, never “treino”, so the button’s badge and the switch name the same mode', () => {
		const found: string[] = [];
		for (const feature of features) {
			const messages = JSON.parse(readFileSync(join(root, feature, 'pt-BR.json'), 'utf8')) as Record<string, unknown>;
			for (const [key, value] of Object.entries(messages)) if (/\btreino\b/i.test(messageTexts(value).join('\n'))) found.push(key);
		}
		expect(found).toEqual([]);
	});
});
