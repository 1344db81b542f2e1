/** A language's own name for itself ("español (Chile)"), so anyone can find their language. */
export function languageName(code: string): string {
	try {
		const name = new Intl.DisplayNames([code], { type: 'language' }).of(code);
		return name ? name.charAt(0).toLocaleUpperCase(code) + name.slice(1) : code;
	} catch {
		return code;
	}
}
