/**
 * The texts of one message in a `messages/<feature>/<locale>.json` file, for the tests that read
 * those files: a simple message is its string; a message with variants (plurals, inlang's
 * `[{ declarations, selectors, match }]`) is every variant's text.
 */
export function messageTexts(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value)) return value.flatMap((v) => Object.values((v as { match?: Record<string, string> }).match ?? {}));
	return [];
}
