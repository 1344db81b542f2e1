/** Simple 24×24 glyphs for the catalogue's icon keys; unknown keys get a neutral dot. */
const paths: Record<string, string> = {
	robbery: 'M12 2a5 5 0 015 5v2h1a2 2 0 012 2v9a2 2 0 01-2 2H6a2 2 0 01-2-2v-9a2 2 0 012-2h1V7a5 5 0 015-5zm0 2a3 3 0 00-3 3v2h6V7a3 3 0 00-3-3z',
	car: 'M5 11l2-5h10l2 5h1v6h-2v2h-2v-2H8v2H6v-2H4v-6zm2.5-3L6.3 11h11.4l-1.2-3zM7 13a1 1 0 100 2 1 1 0 000-2zm10 0a1 1 0 100 2 1 1 0 000-2z',
	accident: 'M12 2L1 21h22zm-1 6h2v7h-2zm0 9h2v2h-2z',
	noise: 'M3 9h4l5-5v16l-5-5H3zm13.5 3A4.5 4.5 0 0014 8v8a4.5 4.5 0 002.5-4zM14 3.2v2.1a7 7 0 010 13.4v2.1a9 9 0 000-17.6z',
	home: 'M12 3l9 8h-3v9h-5v-6h-2v6H6v-9H3z',
	eye: 'M12 5c5 0 9 4 10 7-1 3-5 7-10 7S3 15 2 12c1-3 5-7 10-7zm0 3a4 4 0 100 8 4 4 0 000-8z',
	streetlight: 'M11 22V9H8a4 4 0 118-0h-3v13zM9 5h6l1 2H8z',
	bus: 'M6 2h12a2 2 0 012 2v12a2 2 0 01-1 1.7V20h-3v-2H8v2H5v-2.3A2 2 0 014 16V4a2 2 0 012-2zm0 3v5h12V5zm1 8a1 1 0 100 2 1 1 0 000-2zm10 0a1 1 0 100 2 1 1 0 000-2z',
	rubbish: 'M9 3h6l1 2h4v2H4V5h4zM5 8h14l-1.5 13h-11z',
	manhole: 'M12 3a9 9 0 110 18 9 9 0 010-18zm0 2a7 7 0 100 14 7 7 0 000-14zM8 11h8v2H8z',
	power: 'M13 2L4 14h7l-1 8 9-12h-7z',
	other: 'M12 3a9 9 0 110 18 9 9 0 010-18zm-4 8a1.5 1.5 0 100 3 1.5 1.5 0 000-3zm4 0a1.5 1.5 0 100 3 1.5 1.5 0 000-3zm4 0a1.5 1.5 0 100 3 1.5 1.5 0 000-3z'
};

export function iconPath(icon: string): string {
	return paths[icon] ?? 'M12 7a5 5 0 110 10 5 5 0 010-10z';
}
