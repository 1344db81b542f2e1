import { describe, expect, it } from 'vitest';
import { actionLabel, changeText } from './audit-labels.ts';

describe('the record in words', () => {
	it('names each decision, and shows an unknown one as the server names it', () => {
		expect(actionLabel('closed')).toBe('Cerrado');
		expect(actionLabel('password_reset')).toBe('Contraseña restablecida');
		expect(actionLabel('new_kind')).toBe('new_kind');
		expect([actionLabel('limited'), actionLabel('lifted'), actionLabel('review_upheld'), actionLabel('review_reversed')]).toEqual(['Limitado para escribir', 'Límite levantado', 'Revisión: se mantiene', 'Revisión: se revierte']);
	});

	it('says what a decision replaced and what it set', () => {
		expect(changeText({ kind: 'incident', replaced: 'received', result: 'acknowledged' })).toBe('Recibido → Acogido');
		expect(changeText({ kind: 'staff', replaced: null, result: 'organisation' })).not.toBe('organisation');
		expect(changeText({ kind: 'configuration', replaced: 'previous configuration', result: null })).toBe('reemplazó la configuración anterior');
		expect(changeText({ kind: 'panic', replaced: null, result: 'closed' })).toBe('');
		expect(changeText({ kind: 'moderation', replaced: 'limited', result: 'may write' })).toBe('limitado → puede escribir');
		expect(changeText({ kind: 'moderation', replaced: 'written', result: 'removed' })).toBe('escrito → eliminado');
		const until = '2026-12-12T15:00:00.000Z';
		expect(changeText({ kind: 'moderation', replaced: 'may write', result: `limited until ${until}` })).toBe(`puede escribir → limitado hasta el ${new Date(until).toLocaleString('es-CL', { dateStyle: 'short', timeStyle: 'short' })}`);
	});
});
