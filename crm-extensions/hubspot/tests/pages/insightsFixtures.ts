import type { AdminDefinition } from '../../src/app/common/admin';
import type { FunnelReport, JobReport, MembersPage, RetentionReport, SignalHistoryReport } from '../../src/app/common/insights';

const metrics = { entered: 0, completed: 0, exited: 0, active: 0, completionRate: null, medianDaysToComplete: null };
const def = (key: string, kind: string): AdminDefinition => ({ key, name: key, kind, entity: 'organisation', status: 'live', metrics, source: 'provisioned' });

export const homeDefinitions = [def('onboarding', 'stage'), def('slow_onboarding', 'signal'), def('expansion_call', 'job'), def('onboarding_nudge', 'job'), def('power_accounts', 'cohort')];

const item = (key: string, name: string, gap: number | null, stage: string | null = null) => ({
  key, name, kind: stage ? 'objective' : 'behaviour', stage, doers: 40, doersRetained: 38, nonDoers: 60, nonDoersRetained: 24,
  doerRetention: 0.95, nonDoerRetention: 0.4, gapPoints: gap, gapLowPoints: gap === null ? null : gap - 15.2, gapHighPoints: gap === null ? null : gap + 15.2, enoughData: gap !== null,
});

export const retentionReport: RetentionReport = {
  outcome: 'retained when subscription_status = active',
  withinDays: 7,
  minGroupSize: 10,
  organisations: 100,
  retained: 62,
  unknown: 3,
  ranked: [item('invited_team_member', 'Invited a team member', 55.04, 'onboarding'), item('first_strike_moment', 'First Strike Moment', 12.46)],
  notEnoughData: [],
};

export const funnelReport: FunnelReport = {
  stage: 'onboarding',
  name: 'Onboarding',
  entered: 120,
  completed: 45,
  exited: 30,
  active: 45,
  completionRate: 0.6,
  daysToComplete: { count: 45, median: 12.5, mean: 13.1 },
  objectives: [
    { key: 'created_first_project', name: 'Created first project', entered: 120, completed: 90, exited: 10, completionRate: 0.9, daysFromStageEntry: { count: 90, median: 2, mean: 2.4 } },
    { key: 'invited_team_member', name: 'Invited a team member', entered: 120, completed: 60, exited: 20, completionRate: 0.75, daysFromStageEntry: { count: 60, median: 5, mean: 6 } },
  ],
  daysInStage: [],
};

export const signalReport: SignalHistoryReport = {
  signal: 'slow_onboarding',
  name: 'Slow onboarding',
  liveSince: '2026-11-20T00:00:00Z',
  members: 4,
  arrAtRisk: 96000,
  days: [
    { day: '2026-11-21', members: 3, entered: [], left: [], snapshotMembers: 3, arrAtRisk: 72000 },
    { day: '2026-11-22', members: 3, entered: [], left: [], snapshotMembers: null, arrAtRisk: null },
    { day: '2026-11-23', members: 4, entered: ['org-9'], left: [], snapshotMembers: 4, arrAtRisk: 96000 },
  ],
};

export const jobReports: Record<string, JobReport> = {
  expansion_call: {
    job: 'expansion_call', name: 'Expansion call', entered: 12, completed: 6, exited: 3, active: 3, completionRate: 0.6667,
    daysToGoal: { count: 6, median: 4.5, mean: 5 },
    completedAfter: [{ step: 0, label: 'on entry', completions: 2 }, { step: 1, label: 'follow-up 1', completions: 4 }],
    actions: { sent: 20, failed: 1, waiting: 0, queued: 0, done: 0, skipped: 0 },
  },
  onboarding_nudge: {
    job: 'onboarding_nudge', name: 'Onboarding nudge', entered: 0, completed: 0, exited: 0, active: 0, completionRate: null,
    daysToGoal: { count: 0, median: null, mean: null }, completedAfter: [], actions: { sent: 0, failed: 0, waiting: 0, queued: 0, done: 0, skipped: 0 },
  },
};

export const membersPage = (page: number): MembersPage => ({
  total: 3,
  page,
  pageSize: 2,
  rows: page === 1
    ? [{ id: 'org-1', enteredAt: '2026-11-10T00:00:00Z', attributes: { name: 'Acme' } }, { id: 'org-2', enteredAt: '2026-11-11T00:00:00Z', attributes: { name: null } }]
    : [{ id: 'org-3', enteredAt: '2026-11-12T00:00:00Z', attributes: { name: 'Gamma' } }],
});
