/** The server's answer, reduced to what the screen needs: data, or an error code to explain. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; code: string };

export interface Links {
	watching: { subjectId: string; since: string }[];
	watchedBy: { watcherId: string; since: string }[];
}

async function call<T>(fetchImpl: typeof fetch, path: string, init: RequestInit = {}): Promise<ApiResult<T>> {
	try {
		const response = await fetchImpl(path, {
			credentials: 'same-origin',
			...init,
			headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers }
		});
		if (response.status === 204) return { ok: true, data: undefined as T };
		const body = (await response.json().catch(() => null)) as (T & { error?: { code: string } }) | null;
		if (!response.ok) return { ok: false, code: body?.error?.code ?? `http_${response.status}` };
		return { ok: true, data: body as T };
	} catch {
		return { ok: false, code: 'offline' };
	}
}

/** The `/api/emergency/*` calls for linking contacts who use Cuadra. */
export function linksApi(fetchImpl: typeof fetch = (...args) => fetch(...args)) {
	return {
		createInvite: () => call<{ code: string; expiresAt: string }>(fetchImpl, '/api/emergency/invites', { method: 'POST' }),
		redeem: (code: string) => call<{ subjectId: string }>(fetchImpl, '/api/emergency/links', { method: 'POST', body: JSON.stringify({ code }) }),
		list: () => call<Links>(fetchImpl, '/api/emergency/links'),
		stopWatching: (subjectId: string) => call<void>(fetchImpl, `/api/emergency/links?subject=${encodeURIComponent(subjectId)}`, { method: 'DELETE' }),
		removeWatcher: (watcherId: string) => call<void>(fetchImpl, `/api/emergency/links?watcher=${encodeURIComponent(watcherId)}`, { method: 'DELETE' })
	};
}
export type LinksApi = ReturnType<typeof linksApi>;

/** `/api/emergency/backup`: the encrypted contacts backup. */
export function backupApi(fetchImpl: typeof fetch = (...args) => fetch(...args)) {
	const q = (id: string) => `/api/emergency/backup?id=${encodeURIComponent(id)}`;
	return {
		put: (id: string, blob: string) => call<void>(fetchImpl, '/api/emergency/backup', { method: 'PUT', body: JSON.stringify({ id, blob }) }),
		get: (id: string) => call<{ blob: string; updatedAt: string }>(fetchImpl, q(id)),
		remove: (id: string) => call<void>(fetchImpl, q(id), { method: 'DELETE' })
	};
}
