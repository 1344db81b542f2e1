import { describe, expect, it } from 'vitest';
import { formatCoordinates, mapLink, smsUri } from './sms.ts';

const here = { latitude: -33.426123456, longitude: -70.609987654 };

describe('smsUri', () => {
	it('addresses every contact and carries the message, encoded', () => {
		const uri = smsUri(['+56911111111', '0222222222'], `Help ${formatCoordinates(here)} ${mapLink(here)}`);
		expect(uri.startsWith('sms:+56911111111,0222222222?body=')).toBe(true);
		const body = decodeURIComponent(uri.split('?body=')[1] ?? '');
		expect(body).toContain('-33.42612,-70.60999');
		expect(body).toContain('https://www.openstreetmap.org/?mlat=-33.42612&mlon=-70.60999');
	});

	it('leaves out duplicates and anything that is not a dialable number', () => {
		expect(smsUri(['+56911111111', '+56911111111', 'tel:1;x', ''], 'a&b=c')).toBe('sms:+56911111111?body=a%26b%3Dc');
	});

	it('with no contacts still opens the SMS app with the message', () => {
		expect(smsUri([], 'x')).toBe('sms:?body=x');
	});
});
