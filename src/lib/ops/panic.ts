import type { PanicAction, PanicStatusName } from './contract.ts';

export type PanicActionName = PanicAction['action'];

/**
 * What an operator may do to a panic alert in each status: acknowledge an open one; dispatch help
 * to one not yet dispatched; close any that is not closed. Pure; the server decides the same.
 */
export function panicActionsFor(status: PanicStatusName): PanicActionName[] {
	switch (status) {
		case 'open':
			return ['acknowledge', 'dispatch', 'close'];
		case 'acknowledged':
			return ['dispatch', 'close'];
		case 'dispatched':
			return ['close'];
		case 'closed':
			return [];
	}
}
