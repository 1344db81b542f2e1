import { OpsApiError, opsApi, type OpsApi } from '$lib/ops/api.ts';
import { createAuditApi, type AuditEntry, type AuditFilter } from './audit-api.ts';

export interface StaffName {
	id: string;
	name: string;
}

/** The record's screen: its filter, what the server answered for it, and the staff to filter by. */
export class AuditState {
	filter = $state<AuditFilter>({ kind: '', actor: '', from: '', to: '' });
	entries = $state<AuditEntry[]>([]);
	status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
	error = $state('');
	staff = $state<StaffName[]>([]);
	readonly #api: ReturnType<typeof createAuditApi>;
	readonly #request: Pick<OpsApi, 'request'>;
	#asked = 0;

	constructor(request: Pick<OpsApi, 'request'> = opsApi) {
		this.#request = request;
		this.#api = createAuditApi(request);
	}

	/** Loads the record for the current filter; an answer to an older filter is dropped. */
	async load(municipality: string): Promise<void> {
		const asked = ++this.#asked;
		this.status = 'loading';
		this.error = '';
		try {
			const entries = await this.#api.entries(municipality, $state.snapshot(this.filter));
			if (asked !== this.#asked) return;
			this.entries = entries;
			this.status = 'ready';
		} catch (e) {
			if (asked !== this.#asked) return;
			this.error = e instanceof OpsApiError || e instanceof Error ? e.message : String(e);
			this.status = 'error';
		}
	}

	/** The people who can appear in it: the municipality's staff now (anyone else still shows in the list itself). */
	async loadStaff(municipality: string): Promise<void> {
		try {
			const { staff } = await this.#request.request<{ staff: { id: string; username: string; displayName: string | null }[] }>('GET', `/api/staff?municipality=${encodeURIComponent(municipality)}`);
			this.staff = staff.map((s) => ({ id: s.id, name: s.displayName ?? s.username })).sort((a, b) => a.name.localeCompare(b.name));
		} catch {
			// The filter by person is a convenience: without the list, the record still loads.
			this.staff = [];
		}
	}

	csvUrl(municipality: string): string {
		return this.#api.csvUrl(municipality, $state.snapshot(this.filter));
	}
}
