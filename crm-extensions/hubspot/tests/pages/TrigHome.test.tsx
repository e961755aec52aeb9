import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { BarChart, Button, ErrorState, Input, LineChart, LoadingSpinner, Table, TableRow, Text } from '@hubspot/ui-extensions';
import { TrigHome } from '../../src/app/pages/TrigHome';
import { json } from '../fixtures';
import { allText } from '../text';
import { callsTo, mockTrig, on, type Route } from '../router';
import { fire } from '../fire';
import { funnelReport, homeDefinitions, jobReports, membersPage, retentionReport, signalReport } from './insightsFixtures';

const RETENTION = '/api/admin/insights/retention?outcome=subscription_status%20%3D%20active&within=7d';
const routes: Route[] = [
  on('GET', '/api/admin/definitions', () => json(200, homeDefinitions)),
  on('GET', RETENTION, () => json(200, retentionReport)),
  on('GET', '/api/admin/insights/funnel/onboarding', () => json(200, funnelReport)),
  on('GET', '/api/admin/insights/signals/slow_onboarding', () => json(200, signalReport)),
  on('GET', '/api/admin/insights/jobs/expansion_call', () => json(200, jobReports.expansion_call)),
  on('GET', '/api/admin/insights/jobs/onboarding_nudge', () => json(200, jobReports.onboarding_nudge)),
  on('GET', '/api/admin/definitions/power_accounts/members?page=1', () => json(200, membersPage(1))),
  on('GET', '/api/admin/definitions/power_accounts/members?page=2', () => json(200, membersPage(2))),
];

async function renderHome(...extra: Route[]) {
  const fetch = mockTrig(...extra, ...routes);
  const r = createRenderer('home');
  r.render(<TrigHome />);
  await r.waitFor(() => expect(r.maybeFind(LoadingSpinner)).toBeNull());
  return { r, fetch };
}

afterEach(() => vi.restoreAllMocks());

describe('TrigHome insights', () => {
  it('charts the retention-gap ranking as bars, largest gap first, with its interval in the table', async () => {
    const { r } = await renderHome();
    const chart = r.findByTestId(BarChart, 'retention-chart');
    expect(chart.props.data).toEqual([
      { item: 'Invited a team member (onboarding)', gap: 55 },
      { item: 'First Strike Moment', gap: 12.5 },
    ]);
    expect(chart.props.axes).toMatchObject({ x: { field: 'item' }, y: { field: 'gap' } });
    expect(allText(r.findByTestId(Table, 'retention-table').findAll(TableRow)[1])).toBe(
      'Invited a team member 95% of 40 40% of 60 +55.0 pts +39.8 pts to +70.2 pts',
    );
  });

  it('ranks again by the outcome the admin types', async () => {
    const { r, fetch } = await renderHome(
      on('GET', '/api/admin/insights/retention?outcome=plan%20%3D%20Premium', () => json(200, { ...retentionReport, ranked: [] })),
    );
    fire(r.findByTestId(Input, 'retention-outcome'), 'onChange', 'plan = Premium');
    fire(r.findByTestId(Input, 'retention-within'), 'onChange', '');
    r.findByTestId(Button, 'retention-run').trigger('onClick');

    await r.waitFor(() => expect(r.maybeFindByTestId(Text, 'retention-empty')).not.toBeNull());
    expect(r.maybeFindByTestId(BarChart, 'retention-chart')).toBeNull();
    expect(callsTo(fetch, '/api/admin/insights/retention?outcome=plan%20%3D%20Premium')).toHaveLength(1);
  });

  it('charts the stage funnel: entered, each objective completed, stage completed', async () => {
    const { r } = await renderHome();
    expect(r.findByTestId(BarChart, 'funnel-chart').props.data).toEqual([
      { step: 'Entered stage', organisations: 120 },
      { step: 'Created first project', organisations: 90 },
      { step: 'Invited a team member', organisations: 60 },
      { step: 'Completed stage', organisations: 45 },
    ]);
  });

  it('charts ARR at risk over the days a snapshot recorded it', async () => {
    const { r } = await renderHome();
    const chart = r.findByTestId(LineChart, 'signal-chart');
    expect(chart.props.data).toEqual([
      { day: '2026-11-21', arrAtRisk: 72000 },
      { day: '2026-11-23', arrAtRisk: 96000 },
    ]);
    expect(chart.props.axes).toMatchObject({ x: { field: 'day', fieldType: 'datetime' }, y: { field: 'arrAtRisk' } });
  });

  it('shows job effectiveness as a table, one row per job', async () => {
    const { r } = await renderHome();
    expect(r.findByTestId(Table, 'jobs-table').findAll(TableRow).slice(1).map(allText)).toEqual([
      'Expansion call 12 6 3 3 67% 4.5 on entry: 2, follow-up 1: 4 20 / 1',
      'Onboarding nudge 0 0 0 0 — — — 0 / 0',
    ]);
  });

  it('pages through the members of a cohort', async () => {
    const { r } = await renderHome();
    expect(r.findByTestId(Text, 'members-total').text).toBe('3 members · page 1 of 2');
    expect(r.findByTestId(Table, 'members-table').findAll(TableRow).map(allText)).toEqual([
      'Id Member since name',
      'org-1 10 Nov 2026 Acme',
      'org-2 11 Nov 2026 —',
    ]);

    r.findByTestId(Button, 'members-next').trigger('onClick');

    await r.waitFor(() => expect(r.findByTestId(Text, 'members-total').text).toBe('3 members · page 2 of 2'));
    expect(allText(r.findByTestId(Table, 'members-table').findAll(TableRow)[1])).toBe('org-3 12 Nov 2026 Gamma');
    expect(r.findByTestId(Button, 'members-next').props.disabled).toBe(true);
  });

  it('says so when Trig cannot be reached', async () => {
    const { r } = await renderHome(on('GET', '/api/admin/definitions', () => json(503, { title: 'down' })));
    expect(r.find(ErrorState).props.title).toBe("Couldn't reach Trig");
  });
});
