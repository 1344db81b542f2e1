/** The device's clock as an ISO-8601 string. The server never trusts it; it is for display. */
export const isoNow = (): string => new Date().toISOString();
