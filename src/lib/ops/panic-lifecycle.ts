import type { PanicAction, PanicStatusName } from './contract.ts';

/**
 * What an operator may do with a panic alert (issue 15): open → acknowledged → dispatched → closed.
 * Dispatching needs an acknowledgement first (the sender's screen then reads "seen by an operator"
 * before "help dispatched", never the other way); closing is allowed from any step (a false alarm
 * is closed without a dispatch). Returns the status after `action`, or null when it is not allowed.
 * Pure: the server decides with it and the console offers only what it allows.
 */
export function nextPanicStatus(status: PanicStatusName, action: PanicAction['action']): PanicStatusName | null {
	switch (action) {
		case 'acknowledge':
			return status === 'open' ? 'acknowledged' : null;
		case 'dispatch':
			return status === 'acknowledged' ? 'dispatched' : null;
		case 'close':
			return status === 'closed' ? null : 'closed';
	}
}
