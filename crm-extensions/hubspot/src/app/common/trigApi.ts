import type { AdminDefinition, AudiencePreview, CycleRun, FailedAction } from './admin';
import type { CardView } from './generated/cardView';
import { FETCH_TIMEOUT_MS, TRIG_BASE_URL } from '../config';

/** The subset of hubspot.fetch we use; passed in so this module imports no runtime package. */
export type Fetcher = (
  url: string,
  options?: { method?: 'GET' | 'POST' | 'DELETE'; timeout?: number; body?: { [key: string]: unknown } },
) => Promise<Response>;

export class TrigApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'TrigApiError';
  }
}

export type CardResult =
  | { kind: 'card'; view: CardView }
  | { kind: 'empty'; detail: string };

/** HubSpot's objectTypeId for the two record types the card is installed on. */
export function objectTypeFromId(objectTypeId: string): 'companies' | 'contacts' {
  return objectTypeId === '0-2' ? 'companies' : 'contacts';
}

export async function problemDetail(response: Response): Promise<string | null> {
  try {
    const body = (await response.json()) as { detail?: unknown; title?: unknown };
    if (typeof body.detail === 'string') return body.detail;
    if (typeof body.title === 'string') return body.title;
  } catch {
    // Not JSON: the status alone is the message.
  }
  return null;
}

export async function failure(response: Response, what: string): Promise<TrigApiError> {
  const detail = await problemDetail(response);
  return new TrigApiError(
    `${what} failed (HTTP ${response.status})${detail ? `: ${detail}` : ''}`,
    response.status,
  );
}

export async function send(
  fetcher: Fetcher,
  path: string,
  method: 'GET' | 'POST' | 'DELETE',
  body?: { [key: string]: unknown },
): Promise<Response> {
  try {
    return await fetcher(`${TRIG_BASE_URL}${path}`, body ? { method, timeout: FETCH_TIMEOUT_MS, body } : { method, timeout: FETCH_TIMEOUT_MS });
  } catch (e) {
    throw new TrigApiError(`Trig is unreachable: ${e instanceof Error ? e.message : String(e)}`, null);
  }
}

export async function loadCard(
  fetcher: Fetcher,
  objectType: 'companies' | 'contacts',
  objectId: string | number,
): Promise<CardResult> {
  const query = `objectType=${objectType}&objectId=${encodeURIComponent(String(objectId))}`;
  const response = await send(fetcher, `/api/cards/hubspot?${query}`, 'GET');
  if (response.status === 404) {
    return { kind: 'empty', detail: (await problemDetail(response)) ?? 'No Trig data for this record yet.' };
  }
  if (!response.ok) throw await failure(response, 'Loading Trig data');
  return { kind: 'card', view: (await response.json()) as CardView };
}

export async function getJson<T>(fetcher: Fetcher, path: string, what: string): Promise<T> {
  const response = await send(fetcher, path, 'GET');
  if (!response.ok) throw await failure(response, what);
  return (await response.json()) as T;
}

export const listDefinitions = (fetcher: Fetcher) =>
  getJson<AdminDefinition[]>(fetcher, '/api/admin/definitions', 'Loading definitions');

export const previewDefinition = (fetcher: Fetcher, key: string) =>
  getJson<AudiencePreview>(
    fetcher,
    `/api/admin/definitions/${encodeURIComponent(key)}/preview`,
    `Previewing ${key}`,
  );

export const listRuns = (fetcher: Fetcher, limit = 10) =>
  getJson<CycleRun[]>(fetcher, `/api/admin/runs?limit=${limit}`, 'Loading cycle history');

export const listFailedActions = (fetcher: Fetcher) =>
  getJson<FailedAction[]>(fetcher, '/api/admin/actions/failed', 'Loading failed actions');

export async function setDefinitionStatus(
  fetcher: Fetcher,
  key: string,
  action: 'pause' | 'resume',
): Promise<AdminDefinition> {
  const response = await send(fetcher, `/api/admin/definitions/${encodeURIComponent(key)}/${action}`, 'POST');
  if (!response.ok) throw await failure(response, `${action === 'pause' ? 'Pausing' : 'Resuming'} ${key}`);
  return (await response.json()) as AdminDefinition;
}

export async function retryFailedAction(fetcher: Fetcher, id: number): Promise<void> {
  const response = await send(fetcher, `/api/admin/actions/${id}/retry`, 'POST');
  if (!response.ok) throw await failure(response, `Retrying action ${id}`);
}
