import { describe, expect, it } from 'vitest';
import { threadWarnings } from './hygiene.ts';

const security = { security: true };
const neighbourhood = { security: false };

describe('the check before a thread message is sent', () => {
	it('asks about a description of someone’s looks in a security category, in the three languages', () => {
		expect(threadWarnings('Un hombre alto con chaqueta roja', security)).toEqual(['looks']);
		expect(threadWarnings('A guy in a red hoodie ran off', security)).toEqual(['looks']);
		expect(threadWarnings('Um homem de jaqueta vermelha', security)).toEqual(['looks']);
		expect(threadWarnings('Polerón negro, pelo corto', security)).toEqual(['looks']);
	});

	it('says nothing about looks where it describes what someone did, or outside security categories', () => {
		expect(threadWarnings('Forzaron la puerta de un auto y huyeron hacia el metro', security)).toEqual([]);
		expect(threadWarnings('Someone broke a car window and ran towards the station', security)).toEqual([]);
		expect(threadWarnings('La luminaria alta está apagada', neighbourhood)).toEqual([]);
	});

	it('asks about what looks like a phone number, written in any usual way', () => {
		for (const text of ['Llamen al +56 9 8765 4321', 'mi número 987654321', 'call 555-123-4567', '(2) 2345 6789']) {
			expect(threadWarnings(text, neighbourhood), text).toEqual(['phone']);
		}
		expect(threadWarnings('Pasó a las 21:30, hace 15 minutos, 3 personas', neighbourhood)).toEqual([]);
		expect(threadWarnings('Reporte 2026-12-04', neighbourhood)).toEqual([]);
	});

	it('asks about what looks like a street address', () => {
		for (const text of ['Vive en calle Los Leones 1234', 'en Av. Providencia 2124', 'frente a Pedro de Valdivia 3210', 'at 221 Baker Street? no: Baker Street 221', 'Rua Augusta 1500']) {
			expect(threadWarnings(text, neighbourhood), text).toEqual(['address']);
		}
		expect(threadWarnings('En la esquina del metro Pedro de Valdivia', neighbourhood)).toEqual([]);
		expect(threadWarnings('Sigue apagada desde el lunes', neighbourhood)).toEqual([]);
	});

	it('lists every concern at once, in a fixed order', () => {
		expect(threadWarnings('Un tipo de polera roja, vive en Los Leones 1234, su fono 987654321', security)).toEqual(['looks', 'phone', 'address']);
	});
});
