import type { AdminDefinition } from '../src/app/common/admin';
import type { CardView } from '../src/app/common/generated/cardView';

export const cardView: CardView = {
  entity: {
    id: 'org-0042',
    kind: 'organisation',
    name: 'Acme Corp',
    recordUrl: 'https://app.hubspot.com/contacts/123/record/0-2/42',
    ownerEmail: 'sam@vendor.com',
  },
  asOf: '2026-11-24T10:00:00.000Z',
  stage: {
    key: 'onboarding',
    name: 'Onboarding',
    enteredAt: '2026-11-01T09:00:00Z',
    daysInStage: 23.04,
    objectivesDone: 2,
    objectivesTotal: 5,
    objectives: [
      {
        key: 'created_first_invoice',
        name: 'Created first invoice',
        status: 'completed',
        completedAt: '2026-11-03T10:00:00Z',
        benchmarkDays: 2.5,
        slow: false,
      },
      {
        key: 'connected_gateway',
        name: 'Connected gateway',
        status: 'active',
        completedAt: null,
        benchmarkDays: 6.1,
        slow: true,
      },
    ],
  },
  signal: { key: 'slow_onboarding', name: 'Slow onboarding', slowObjectives: ['connected_gateway'], arr: 24000, arrAtRisk: 24000 },
  behaviours: [
    {
      key: 'first_strike_moment',
      name: 'First Strike Moment',
      status: 'completed',
      enteredAt: '2026-11-02T08:00:00Z',
      completedAt: '2026-11-05T12:00:00Z',
      exitedAt: null,
    },
  ],
  cohorts: [{ key: 'power_accounts', name: 'Power accounts', enteredAt: '2026-11-10T00:00:00Z' }],
  currentJob: { key: 'feature_adoption', name: 'Feature adoption', enteredAt: '2026-11-20T00:00:00Z', dueAt: '2026-12-20T00:00:00Z' },
  pastJobs: [
    {
      key: 'onboarding_nudge',
      name: 'Onboarding nudge',
      outcome: 'completed',
      enteredAt: '2026-11-01T09:00:00Z',
      endedAt: '2026-11-08T09:00:00Z',
    },
  ],
  transitions: [
    {
      at: '2026-11-05T12:00:00Z',
      definitionKey: 'first_strike_moment',
      definitionName: 'First Strike Moment',
      definitionKind: 'behaviour',
      transition: 'completed',
    },
  ],
  evaluatedAt: '2026-11-24T07:00:00.000Z',
  currency: 'USD',
};

export const definitions: AdminDefinition[] = [
  {
    key: 'first_strike_moment',
    name: 'First Strike Moment',
    kind: 'behaviour',
    entity: 'organisation',
    status: 'live',
    metrics: { entered: 40, completed: 30, exited: 2, active: 8, completionRate: 0.75, medianDaysToComplete: 3.2 },
    freshness: { evaluatedAt: '2026-11-24T09:48:00Z', ageSeconds: 720, stale: false },
    source: 'authored',
  },
  {
    key: 'power_accounts',
    name: 'Power accounts',
    kind: 'cohort',
    entity: 'organisation',
    status: 'paused',
    metrics: { entered: 12, completed: 0, exited: 1, active: 11, completionRate: null, medianDaysToComplete: null },
    freshness: { evaluatedAt: '2026-11-24T07:00:00Z', ageSeconds: 10800, stale: true },
    source: 'provisioned',
  },
];

export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
