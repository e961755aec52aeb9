// The admin API, with the bearer credential of this tab. Errors carry the ProblemDetails the server sent.
import { currentToken } from './auth';

export interface DocumentError {
  file: string;
  line: number;
  column: number;
  message: string;
}

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    public readonly problem: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get errors(): DocumentError[] {
    return (this.problem.errors as DocumentError[] | undefined) ?? [];
  }
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  const token = currentToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  const r = await fetch(path, { ...init, headers });
  const text = await r.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!r.ok) {
    const detail = (body.detail as string | undefined) ?? (body.title as string | undefined) ?? r.statusText;
    throw new ApiError(r.status, `${r.status}: ${detail}`, body);
  }
  return body as T;
}

export interface Freshness {
  evaluatedAt: string | null;
  ageSeconds: number | null;
  stale: boolean;
}

export interface AdminDefinition {
  key: string;
  name: string;
  kind: string;
  entity: string;
  status: string;
  source: string;
  metrics: { entered: number; completed: number; exited: number; active: number; completionRate: number | null };
  freshness?: Freshness;
}

export interface Transitions {
  count: number;
  first: Array<{ id: string; name: string; reason: string }>;
}

export interface AuthoringResult {
  published: boolean;
  setVersion: number;
  changed: string[];
  unchanged: string[];
  confirmationRequired: string[];
  preview?: {
    entitiesEvaluated: number;
    definitions: Array<{ key: string; enter: Transitions; complete: Transitions; exit: Transitions }>;
    actionCount: number;
    actions: Array<{ definitionKey: string; entityId: string; transition: string; summary: string }>;
    crmChangeCount: number;
  };
}

export interface VersionRow {
  setVersion: number;
  at: string;
  actor: string;
  action: string;
  retired: boolean;
  text: string | null;
  diff: string;
}

export interface RunView {
  id: number;
  kind: string;
  startedAt: string;
  durationSeconds: number;
  outcome: string;
  error: string | null;
  entitiesEvaluated: number;
  transitions: number;
  actionsQueued: number;
  propertiesWritten: number;
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
}

export const apply = (yaml: string, dryRun: boolean, confirm = false): Promise<AuthoringResult> =>
  api<AuthoringResult>(`/api/admin/definitions/apply?dryRun=${dryRun}&confirm=${confirm}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/yaml' },
    body: yaml,
  });
