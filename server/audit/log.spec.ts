import { describe, expect, it } from 'vitest';
import { auditCsv, csvField, type AuditEntry } from './log.ts';

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
	id: 'e1',
	at: '2026-12-04T10:00:00.000Z',
	kind: 'incident',
	action: 'closed',
	actor: { id: 'u1', name: 'Olga Operadora' },
	subject: { type: 'incident', id: 'i1', name: null },
	reason: null,
	replaced: 'acknowledged',
	result: 'closed',
	...over
});

describe('the record as CSV', () => {
	it('quotes what must be quoted and keeps empty fields empty', () => {
		expect(csvField(null)).toBe('');
		expect(csvField('plain')).toBe('plain');
		expect(csvField('a, b')).toBe('"a, b"');
		expect(csvField('she said "no"')).toBe('"she said ""no"""');
		expect(csvField('two\nlines')).toBe('"two\nlines"');
	});

	it('never lets a spreadsheet read a field as a formula', () => {
		expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
		expect(csvField('+56 9 1234')).toBe("'+56 9 1234");
		expect(csvField('-1')).toBe("'-1");
		expect(csvField('@sum')).toBe("'@sum");
	});

	it('writes a header and one CRLF row per entry; the server operator stands for a missing actor', () => {
		const csv = auditCsv([entry(), entry({ id: 'e2', kind: 'staff', action: 'added', actor: null, subject: { type: 'staff', id: 'u2', name: 'marta@providencia' }, replaced: null, result: 'operator', reason: 'Turno, noche' })]);
		expect(csv).toBe(
			'at,kind,action,actor,subject,reason,replaced,result\r\n' +
				'2026-12-04T10:00:00.000Z,incident,closed,Olga Operadora,incident:i1,,acknowledged,closed\r\n' +
				'2026-12-04T10:00:00.000Z,staff,added,server operator,staff:marta@providencia,"Turno, noche",,operator\r\n'
		);
	});
});
