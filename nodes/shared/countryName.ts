let displayNames: Intl.DisplayNames | undefined;

/** English name of an ISO 3166-1 alpha-2 code ("US" → "United States"); the code itself if unknown. */
export function countryName(code: string): string {
	displayNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
	try {
		return displayNames.of(code.toUpperCase()) ?? code;
	} catch {
		return code;
	}
}
