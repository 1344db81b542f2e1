import { describe, expect, it } from 'vitest';
import { actionFor } from './policy.ts';
import { CloseCode } from './protocol.ts';

describe('actionFor', () => {
	it('resets on refusals, re-authenticates on ended sessions, backs off when rate limited', () => {
		expect(actionFor(CloseCode.refused)).toBe('reset');
		expect(actionFor(CloseCode.clientIdTaken)).toBe('reset');
		expect(actionFor(CloseCode.badMessage)).toBe('reset');
		expect(actionFor(CloseCode.docTooLarge)).toBe('reset');
		expect(actionFor(1009)).toBe('reset');
		expect(actionFor(CloseCode.sessionEnded)).toBe('reauth');
		expect(actionFor(CloseCode.rateLimited)).toBe('backoff');
		expect(actionFor(CloseCode.tooSlow)).toBe('pause');
		expect(actionFor(1001)).toBe('reconnect');
		expect(actionFor(1006)).toBe('reconnect');
	});
});
