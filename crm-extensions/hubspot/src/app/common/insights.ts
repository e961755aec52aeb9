// The shapes of the insights API (docs/insights.md), camelCase JSON.

export interface RetentionItem {
  key: string;
  name: string;
  kind: string;
  stage: string | null;
  doers: number;
  doersRetained: number;
  nonDoers: number;
  nonDoersRetained: number;
  doerRetention: number | null;
  nonDoerRetention: number | null;
  gapPoints: number | null;
  gapLowPoints: number | null;
  gapHighPoints: number | null;
  enoughData: boolean;
}

export interface RetentionReport {
  outcome: string;
  withinDays: number | null;
  minGroupSize: number;
  organisations: number;
  retained: number;
  unknown: number;
  ranked: RetentionItem[];
  notEnoughData: RetentionItem[];
}

export interface DaysSummary {
  count: number;
  median: number | null;
  mean: number | null;
}

export interface FunnelReport {
  stage: string;
  name: string;
  entered: number;
  completed: number;
  exited: number;
  active: number;
  completionRate: number | null;
  daysToComplete: DaysSummary;
  objectives: { key: string; name: string; entered: number; completed: number; exited: number; completionRate: number | null; daysFromStageEntry: DaysSummary }[];
  daysInStage: { label: string; fromDays: number; toDays: number | null; total: number; active: number; completed: number; exited: number }[];
}

export interface JobReport {
  job: string;
  name: string;
  entered: number;
  completed: number;
  exited: number;
  active: number;
  completionRate: number | null;
  daysToGoal: DaysSummary;
  completedAfter: { step: number; label: string; completions: number }[];
  actions: { sent: number; failed: number; waiting: number; queued: number; done: number; skipped: number };
}

export interface SignalHistoryReport {
  signal: string;
  name: string;
  liveSince: string | null;
  members: number;
  arrAtRisk: number | null;
  days: { day: string; members: number; entered: string[]; left: string[]; snapshotMembers: number | null; arrAtRisk: number | null }[];
}

export interface MembersPage {
  total: number;
  page: number;
  pageSize: number;
  rows: { id: string; enteredAt: string; attributes: Record<string, string | null> }[];
}
