import type { MyReportState } from './db.ts';

export type ProgressStep = 'saved' | 'received' | 'acknowledged' | 'in_progress' | 'referred' | 'closed';

/**
 * The steps the reporter's progress line shows for a state, and how many are done. It never claims
 * a step that may not have happened: the current state is all the feed says, so a closed report
 * shows saved, received, closed (not "on the way", which it may have skipped), and "on the way"
 * or "passed on" appear only while they are the state. Pure.
 */
export function progressSteps(state: MyReportState): { steps: ProgressStep[]; done: number } {
	switch (state) {
		case 'saved_on_phone':
			return { steps: ['saved', 'received', 'acknowledged', 'closed'], done: 1 };
		case 'received':
			return { steps: ['saved', 'received', 'acknowledged', 'closed'], done: 2 };
		case 'acknowledged':
			return { steps: ['saved', 'received', 'acknowledged', 'closed'], done: 3 };
		case 'in_progress':
		case 'referred':
			return { steps: ['saved', 'received', 'acknowledged', state, 'closed'], done: 4 };
		case 'closed':
			return { steps: ['saved', 'received', 'closed'], done: 3 };
		case 'refused':
		case 'practice':
			return { steps: [], done: 0 };
	}
}
