import { opsApi, OpsApiError, type OpsApi } from '$lib/ops/api.ts';
import type { ConfigProblem, MunicipalityConfig } from '$lib/domain/municipality-config.ts';

/**
 * The settings screen's client: a municipality's configuration, read and replaced whole
 * (`GET|PUT /api/municipalities/:id/config`, server/municipalities/routes.ts), over the console's
 * client (refusals as `OpsApiError`, the in-place sign-in).
 */
export function settingsApi(api: Pick<OpsApi, 'request'> = opsApi) {
	const path = (id: string) => `/api/municipalities/${encodeURIComponent(id)}/config`;
	return {
		config: async (id: string) => (await api.request<{ config: MunicipalityConfig }>('GET', path(id))).config,
		/** `changed: false` when it was already exactly this. */
		save: (id: string, config: unknown, reason?: string) => api.request<{ changed: boolean }>('PUT', path(id), reason ? { config, reason } : { config })
	};
}
export type SettingsApi = ReturnType<typeof settingsApi>;

/** The problems of a refused configuration (400 `invalid_configuration`), or null for any other refusal. */
export function refusedProblems(error: unknown): ConfigProblem[] | null {
	if (!(error instanceof OpsApiError) || error.code !== 'invalid_configuration') return null;
	const problems = error.detail?.problems;
	return Array.isArray(problems) ? problems.filter((p): p is ConfigProblem => typeof p?.path === 'string' && typeof p?.message === 'string') : [];
}
