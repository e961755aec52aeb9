// The card data shape served by GET /api/cards/hubspot (Trig.Crm.Lifecycle.Cards.CardView, camelCase JSON).
// Datetimes are ISO 8601 strings; nulls are included.

export interface CardEntity {
  id: string;
  kind: 'organisation' | 'person' | string;
  name: string;
  recordUrl: string | null;
  ownerEmail: string | null;
}

export interface CardObjective {
  key: string;
  name: string;
  status: 'completed' | 'active' | 'exited' | 'not_started' | string;
  completedAt: string | null;
  benchmarkDays: number | null;
  slow: boolean;
}

export interface CardStage {
  key: string;
  name: string;
  enteredAt: string;
  daysInStage: number;
  objectivesDone: number;
  objectivesTotal: number;
  objectives: CardObjective[];
}

export interface CardSignal {
  key: string;
  name: string;
  slowObjectives: string[];
  arr: number | null;
  arrAtRisk: number;
}

export interface CardBehaviour {
  key: string;
  name: string;
  status: 'active' | 'completed' | 'exited' | string;
  enteredAt: string;
  completedAt: string | null;
  exitedAt: string | null;
}

export interface CardCohort {
  key: string;
  name: string;
  enteredAt: string;
}

export interface CardJob {
  key: string;
  name: string;
  enteredAt: string;
  dueAt: string | null;
}

export interface CardPastJob {
  key: string;
  name: string;
  outcome: 'completed' | 'exited' | string;
  enteredAt: string;
  endedAt: string;
}

export interface CardTransition {
  at: string;
  definitionKey: string;
  definitionName: string;
  definitionKind: string;
  transition: 'entered' | 'completed' | 'exited' | 'follow_up' | string;
}

export interface CardView {
  entity: CardEntity;
  asOf: string;
  stage: CardStage | null;
  signal: CardSignal | null;
  behaviours: CardBehaviour[];
  cohorts: CardCohort[];
  currentJob: CardJob | null;
  pastJobs: CardPastJob[];
  transitions: CardTransition[];
}

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
