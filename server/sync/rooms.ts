import { roomPattern } from '../../src/lib/sync/protocol.ts';

export interface Room {
	name: string;
	kind: string;
	id: string;
}

/** Parses `/sync/<kind>:<id>` (the room may be percent-encoded). Null when malformed. */
export function roomFromPath(pathname: string): Room | null {
	if (!pathname.startsWith('/sync/')) return null;
	let name: string;
	try {
		name = decodeURIComponent(pathname.slice('/sync/'.length));
	} catch {
		return null;
	}
	const match = roomPattern.exec(name);
	if (!match) return null;
	return { name, kind: match[1] as string, id: match[2] as string };
}
