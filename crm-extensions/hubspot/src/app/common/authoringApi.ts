// The authoring calls of the admin API (docs/authoring.md): one definition, schema, apply (dry run or publish),
// versions, rollback, duplicate, retire, the audit log, and retrying failed actions in bulk.
import type { AuditRow, AuthoringError, AuthoringPreview, AuthoringResult, DefinitionDetail, SchemaView, VersionRow } from './admin';
import { TrigApiError, failure, getJson, send, type Fetcher } from './trigApi';

const enc = encodeURIComponent;

export const getDefinition = (f: Fetcher, key: string) =>
  getJson<DefinitionDetail>(f, `/api/admin/definitions/${enc(key)}`, `Loading ${key}`);

export const getSchema = (f: Fetcher) => getJson<SchemaView>(f, '/api/admin/schema', 'Loading the schema');

export const listVersions = (f: Fetcher, key: string) =>
  getJson<VersionRow[]>(f, `/api/admin/definitions/${enc(key)}/versions`, `Loading the history of ${key}`);

export const listAudit = (f: Fetcher, before: number | null, limit = 50) =>
  getJson<AuditRow[]>(f, `/api/admin/audit?limit=${limit}${before === null ? '' : `&before=${before}`}`, 'Loading the audit log');

/** How an authoring change ended: done, refused as invalid (errors at their line), or waiting for confirmation. */
export type AuthoringOutcome =
  | { kind: 'ok'; result: AuthoringResult }
  | { kind: 'invalid'; errors: AuthoringError[]; message: string }
  | { kind: 'confirm'; keys: string[]; preview: AuthoringPreview | null; message: string }
  | { kind: 'conflict'; message: string; dependants: string[] };

interface Problem {
  detail?: string;
  title?: string;
  errors?: AuthoringError[];
  confirmationRequired?: string[];
  preview?: AuthoringPreview | null;
  dependants?: string[];
}

async function outcome(response: Response, what: string): Promise<AuthoringOutcome> {
  if (response.ok) return { kind: 'ok', result: (await response.json()) as AuthoringResult };
  if (response.status !== 422 && response.status !== 409) throw await failure(response, what);
  const p = (await response.json().catch(() => ({}))) as Problem;
  const message = p.detail ?? p.title ?? `${what} failed (HTTP ${response.status})`;
  if (response.status === 422) return { kind: 'invalid', errors: p.errors ?? [], message };
  if (p.confirmationRequired?.length) return { kind: 'confirm', keys: p.confirmationRequired, preview: p.preview ?? null, message };
  return { kind: 'conflict', message, dependants: p.dependants ?? [] };
}

/**
 * POST /api/admin/definitions/apply. hubspot.fetch sends JSON bodies only, so the YAML document travels as
 * `{"document": "…"}`; the worker reads that envelope when the request is JSON.
 */
export async function applyDocument(f: Fetcher, document: string, opts: { dryRun: boolean; confirm?: boolean }): Promise<AuthoringOutcome> {
  const query = `dryRun=${opts.dryRun}${opts.confirm ? '&confirm=true' : ''}`;
  return outcome(await send(f, `/api/admin/definitions/apply?${query}`, 'POST', { document }), opts.dryRun ? 'Preview' : 'Publish');
}

export async function rollback(f: Fetcher, key: string, version: number): Promise<AuthoringOutcome> {
  return outcome(await send(f, `/api/admin/definitions/${enc(key)}/rollback?version=${version}`, 'POST'), `Rolling back ${key}`);
}

export async function duplicate(f: Fetcher, key: string, newKey: string): Promise<AuthoringOutcome> {
  return outcome(await send(f, `/api/admin/definitions/${enc(key)}/duplicate?newKey=${enc(newKey)}`, 'POST'), `Duplicating ${key}`);
}

export async function retire(f: Fetcher, key: string): Promise<AuthoringOutcome> {
  return outcome(await send(f, `/api/admin/definitions/${enc(key)}`, 'DELETE'), `Retiring ${key}`);
}

/** Retries each failed action; returns the ids that were queued and the errors of the others. */
export async function retryMany(f: Fetcher, ids: number[]): Promise<{ retried: number[]; errors: string[] }> {
  const retried: number[] = [];
  const errors: string[] = [];
  for (const id of ids) {
    try {
      const r = await send(f, `/api/admin/actions/${id}/retry`, 'POST');
      if (!r.ok) throw await failure(r, `Retrying action ${id}`);
      retried.push(id);
    } catch (e) {
      errors.push(e instanceof TrigApiError ? e.message : String(e));
    }
  }
  return { retried, errors };
}
