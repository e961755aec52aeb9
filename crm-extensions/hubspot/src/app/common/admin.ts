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
