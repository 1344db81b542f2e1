import { incidentKind } from './incident.ts';
import { feedKind } from './feed.ts';
import { reportPrivateKind } from './report-private.ts';
import { reportKind } from './report.ts';
import type { DocKind } from './types.ts';

/** Every kind of synced document. A room `<kind>:<id>` whose kind is not here is refused (404). */
export const docKinds: ReadonlyMap<string, DocKind> = new Map([reportKind, reportPrivateKind, incidentKind, feedKind].map((k) => [k.name, k]));

export type { Access, DocFacts, DocKind, RootRule } from './types.ts';
