// The shapes of the worker's admin API, used by the settings page (camelCase JSON, ISO 8601 datetimes).
// The card's CardView is shared with the Dynamics control: see ./generated/cardView (from crm-extensions/common).

/** GET /api/admin/definitions item. */
export interface AdminDefinition {
  key: string;
  name: string;
  kind: 'behaviour' | 'cohort' | 'stage' | 'objective' | 'job' | 'signal' | string;
  entity: 'organisation' | 'person' | string;
  status: 'live' | 'paused' | string;
  metrics: {
    entered: number;
    completed: number;
    exited: number;
    active: number;
    completionRate: number | null;
    medianDaysToComplete: number | null;
  };
  /** When a completed full cycle last evaluated it; absent from older workers. */
  freshness?: DefinitionFreshness | null;
  /** `provisioned` (from files: read-only here, "managed in files") or `authored` (from the store). */
  source?: 'provisioned' | 'authored' | string;
}

/** A definition's freshness: evaluatedAt/ageSeconds are null before its first evaluation. */
export interface DefinitionFreshness {
  evaluatedAt: string | null;
  ageSeconds: number | null;
  stale: boolean;
}

/** GET /api/admin/runs item: one full cycle. */
export interface CycleRun {
  id: number;
  kind: 'full' | 'fast_path' | 'shard' | string;
  startedAt: string;
  durationSeconds: number;
  outcome: 'ok' | 'failed' | string;
  error: string | null;
  entitiesEvaluated: number;
  transitions: number;
  actionsQueued: number;
  propertiesWritten: number;
}

export interface AudienceMember {
  id: string;
  name: string;
}

/** GET /api/admin/definitions/{key}/preview. */
export interface AudiencePreview {
  key: string;
  wouldEnter: AudienceMember[];
  wouldComplete: AudienceMember[];
  wouldExit: AudienceMember[];
}

/** GET /api/admin/actions/failed item. */
export interface FailedAction {
  id: number;
  definitionKey: string;
  kind: 'slack' | 'webhook' | 'email' | string;
  entityId: string;
  reason: string;
  attempts: number;
  failedAt: string;
}

/** GET /api/admin/schema: declared attributes and events, and what the store holds that nothing declares. */
export interface SchemaView {
  attributes: { entity: 'organisation' | 'person' | string; name: string; type: string; source: string }[];
  events: { name: string; source: string }[];
  suggestedAttributes: { entity: string; name: string; observedType: string; entities: number; examples: string[]; accept: string }[];
  suggestedEvents: { name: string; count: number; accept: string }[];
}

/** GET /api/admin/definitions/{key}: its text and where it comes from. */
export interface DefinitionDetail {
  key: string;
  name: string | null;
  kind: string | null;
  entity: string | null;
  source: 'authored' | 'provisioned' | string;
  file: string | null;
  text: string;
  setVersion: number | null;
  changedAt: string | null;
  changedBy: string | null;
  definitionVersion: string | null;
  status: string;
  lastEvaluatedAt: string | null;
  editable: boolean;
}

/** GET /api/admin/definitions/{key}/versions item. */
export interface VersionRow {
  setVersion: number;
  at: string;
  actor: string;
  action: string;
  retired: boolean;
  text: string | null;
  diff: string;
}

export interface PreviewEntity {
  id: string;
  name: string;
  reason: string;
}

export interface PreviewSample {
  count: number;
  first: PreviewEntity[];
}

/** The preview of an apply (dry run or publish): what the document's definitions would do now. */
export interface AuthoringPreview {
  at: string;
  entitiesEvaluated: number;
  definitions: { key: string; enter: PreviewSample; complete: PreviewSample; exit: PreviewSample }[];
  actionCount: number;
  actions: { definitionKey: string; entityId: string; transition: string; kind: string; summary: string }[];
  crmChangeCount: number;
  crmChanges: { kind: string; entityId: string; name: string; value: string | null }[];
}

/** The answer of apply, rollback, duplicate and retire (200), or the body of their 409. */
export interface AuthoringResult {
  published: boolean;
  setVersion: number;
  definitionsVersion?: string | null;
  changed: string[];
  unchanged: string[];
  confirmationRequired: string[];
  preview: AuthoringPreview | null;
  note?: string | null;
}

/** An authoring error at its place: `file` is `document` for the text that was sent. */
export interface AuthoringError {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** GET /api/admin/audit item. */
export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
}
