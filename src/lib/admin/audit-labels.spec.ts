import { describe, expect, it } from 'vitest';
import { actionLabel, changeText } from './audit-labels.ts';

describe('the record in words', () => {
	it('names each decision, and shows an unknown one as the server names it', () => {
		expect(actionLabel('closed')).toBe('Cerrado');
		expect(actionLabel('password_reset')).toBe('Contraseña restablecida');
		expect(actionLabel('new_kind')).toBe('new_kind');
	});

	it('says what a decision replaced and what it set', () => {
		expect(changeText({ kind: 'incident', replaced: 'received', result: 'acknowledged' })).toBe('Recibido → Acogido');
		expect(changeText({ kind: 'staff', replaced: null, result: 'organisation' })).not.toBe('organisation');
		expect(changeText({ kind: 'configuration', replaced: 'previous configuration', result: null })).toBe('reemplazó la configuración anterior');
		expect(changeText({ kind: 'panic', replaced: null, result: 'closed' })).toBe('');
	});
});
