/** Fixtures for the queue's specs (queue-order, queue-filter, merge-candidates); no app code imports this. */
import type { QueueIncident } from './contract.ts';

/** An open streetlight incident of Providencia with one app report, no pin; `over` changes any field. */
export const queueIncident = (id: string, over: Partial<QueueIncident> = {}): QueueIncident => ({
	id,
	municipality: 'providencia',
	state: 'received',
	version: 1,
	group: 'neighbourhood',
	category: 'streetlight',
	categories: [over.category ?? 'streetlight'],
	description: '',
	place: null,
	point: null,
	reportCount: 1,
	channels: ['app'],
	openedAt: '2026-12-03T10:00:00.000Z',
	updatedAt: '2026-12-03T10:00:00.000Z',
	unit: null,
	referredTo: null,
	outcome: null,
	mergedInto: null,
	...over
});
