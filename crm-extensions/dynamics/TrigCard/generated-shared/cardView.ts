// generated from crm-extensions/common — do not edit. Edit crm-extensions/common/src/cardView.ts and run `node crm-extensions/common/sync.mjs` (npm test and npm run build in each extension run it).
// The card data shape (Trig.Crm.Lifecycle.Cards.CardView, camelCase JSON). One type for every surface:
// GET /api/cards/hubspot (HubSpot card), the trig_summary column the sync writes (Dynamics PCF control) and
// GET /api/cards/local/{id} (the worker's local preview). Datetimes are ISO 8601 UTC strings; nulls are included.

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

/** A top retention-gap behaviour or objective the organisation has not completed: "what should it do next". */
export interface CardNextStep {
  key: string;
  name: string;
  kind: 'behaviour' | 'objective' | string;
  /** The stage of an objective; null for a behaviour. */
  stage: string | null;
  status: 'not_started' | 'active' | 'exited' | string;
  /** Retention of organisations that did it minus those that did not, in percentage points. */
  gapPoints: number;
  doerRetention: number | null;
  nonDoerRetention: number | null;
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
  /** The last evaluation that touched the entity (null: never evaluated); "updated … ago" reads it, not asOf. */
  evaluatedAt: string | null;
  /** ISO 4217 code money is shown in (Trig:Cards:Currency, default USD). */
  currency: string;
  /** Next steps from the retention ranking (Trig:Cards:NextSteps); absent from the Dynamics trig_summary column. */
  nextSteps?: CardNextStep[];
}
