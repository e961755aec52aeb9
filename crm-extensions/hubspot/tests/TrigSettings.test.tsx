import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { Button, ErrorState, LoadingSpinner, StatusTag, Table, TableRow, Tabs, Text, Tile, hubspot } from '@hubspot/ui-extensions';
import { TrigSettings } from '../src/app/settings/TrigSettings';
import { TRIG_BASE_URL } from '../src/app/config';
import { definitions, json } from './fixtures';
import { allText } from './text';
import { mockTrig, on } from './router';
import { fire } from './fire';

const failedActions = [
  {
    id: 7,
    definitionKey: 'first_strike_moment',
    kind: 'slack',
    entityId: 'org-0042',
    reason: 'channel_not_found',
    attempts: 3,
    failedAt: '2026-11-23T08:00:00Z',
  },
];

const runs = [
  {
    id: 12,
    kind: 'full',
    startedAt: '2026-11-24T10:00:00Z',
    durationSeconds: 4.81,
    outcome: 'ok',
    error: null,
    entitiesEvaluated: 5210,
    transitions: 14,
    actionsQueued: 6,
    propertiesWritten: 38,
  },
  {
    id: 11,
    kind: 'full',
    startedAt: '2026-11-24T09:45:00Z',
    durationSeconds: 0.35,
    outcome: 'failed',
    error: 'HubSpot answered 401',
    entitiesEvaluated: 0,
    transitions: 0,
    actionsQueued: 0,
    propertiesWritten: 0,
  },
];

const baseRoutes = [
  on('GET', '/api/admin/definitions', () => json(200, definitions)),
  on('GET', '/api/admin/actions/failed', () => json(200, failedActions)),
  on('GET', '/api/admin/runs?limit=10', () => json(200, runs)),
];

async function renderSettings() {
  const renderer = createRenderer('settings');
  renderer.render(<TrigSettings addAlert={renderer.mocks.actions.addAlert} />);
  await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
  return renderer;
}

afterEach(() => vi.restoreAllMocks());

describe('TrigSettings', () => {
  it('lists definitions with kind, status, counts and completion rate', async () => {
    mockTrig(...baseRoutes);
    const { findByTestId } = await renderSettings();

    const rows = findByTestId(Table, 'definitions').findAll(TableRow).slice(1);
    expect(rows.map(allText)).toEqual([
      'First Strike Moment first_strike_moment behaviour · organisation Authored Live 8 40 30 2 75% 3.2 12 min ago Edit Preview History Pause',
      'Power accounts power_accounts cohort · organisation Managed in files Paused 11 12 0 1 — — Stale · 3 h ago View Preview Resume',
    ]);
  });

  it('marks a stale definition and one never evaluated', async () => {
    mockTrig(
      on('GET', '/api/admin/definitions', () =>
        json(200, [definitions[1], { ...definitions[0], freshness: { evaluatedAt: null, ageSeconds: null, stale: false } }]),
      ),
      ...baseRoutes,
    );
    const { findByTestId } = await renderSettings();

    expect(findByTestId(StatusTag, 'freshness-power_accounts').props.variant).toBe('danger');
    expect(findByTestId(Text, 'freshness-first_strike_moment').text).toBe('never');
  });

  it('lists the last cycles with outcome, counts and the error of a failed one', async () => {
    mockTrig(...baseRoutes);
    const { findByTestId } = await renderSettings();

    const rows = findByTestId(Table, 'runs').findAll(TableRow).slice(1);
    expect(rows.map(allText)).toEqual([
      '24 Nov 2026 10:00 UTC 4.8 s Completed 5210 14 6 38',
      '24 Nov 2026 09:45 UTC 0.3 s Failed 0 0 0 0 HubSpot answered 401',
    ]);
    expect(findByTestId(StatusTag, 'run-11').props.variant).toBe('danger');
  });

  it('shows an error state when the cycle history cannot be loaded', async () => {
    mockTrig(...baseRoutes.slice(0, 2)); // the runs route answers 500
    const { findAll } = await renderSettings();

    expect(findAll(ErrorState).map((e) => e.props.title)).toEqual(["Couldn't load the cycle history"]);
  });

  it('pauses a definition with POST …/pause and shows the returned status', async () => {
    const fetch = mockTrig(
      on('POST', '/api/admin/definitions/first_strike_moment/pause', () =>
        json(200, { ...definitions[0], status: 'paused' }),
      ),
      ...baseRoutes,
    );
    const { findByTestId, waitFor } = await renderSettings();
    expect(findByTestId(StatusTag, 'status-first_strike_moment').text).toBe('Live');

    findByTestId(Button, 'toggle-first_strike_moment').trigger('onClick');

    await waitFor(() => expect(findByTestId(StatusTag, 'status-first_strike_moment').text).toBe('Paused'));
    expect(fetch).toHaveBeenCalledWith(
      `${TRIG_BASE_URL}/api/admin/definitions/first_strike_moment/pause`,
      expect.objectContaining({ method: 'POST' }),
    );
    expect(findByTestId(Button, 'toggle-first_strike_moment').text).toBe('Resume');
    // the other definition is untouched
    expect(findByTestId(StatusTag, 'status-power_accounts').text).toBe('Paused');
  });

  it('resumes a paused definition with POST …/resume', async () => {
    const fetch = mockTrig(
      on('POST', '/api/admin/definitions/power_accounts/resume', () => json(200, { ...definitions[1], status: 'live' })),
      ...baseRoutes,
    );
    const { findByTestId, waitFor } = await renderSettings();

    findByTestId(Button, 'toggle-power_accounts').trigger('onClick');

    await waitFor(() => expect(findByTestId(StatusTag, 'status-power_accounts').text).toBe('Live'));
    expect(fetch).toHaveBeenCalledWith(
      `${TRIG_BASE_URL}/api/admin/definitions/power_accounts/resume`,
      expect.objectContaining({ method: 'POST' }),
    );
  });

  it('keeps the status and raises an alert when pausing fails', async () => {
    mockTrig(...baseRoutes); // the pause route answers 500
    const { findByTestId, mocks } = await renderSettings();

    findByTestId(Button, 'toggle-first_strike_moment').trigger('onClick');

    await vi.waitFor(() => expect(mocks.actions.addAlert.calls.length).toBe(1));
    expect(mocks.actions.addAlert.calls[0][0]).toMatchObject({ type: 'danger' });
    expect(findByTestId(StatusTag, 'status-first_strike_moment').text).toBe('Live');
  });

  it('shows the audience preview of a definition', async () => {
    mockTrig(
      on('GET', '/api/admin/definitions/first_strike_moment/preview', () =>
        json(200, {
          key: 'first_strike_moment',
          wouldEnter: [{ id: 'org-1', name: 'Globex' }],
          wouldComplete: [],
          wouldExit: [{ id: 'org-2', name: 'Initech' }],
        }),
      ),
      ...baseRoutes,
    );
    const { findByTestId, waitFor, maybeFindByTestId } = await renderSettings();
    expect(maybeFindByTestId(Tile, 'preview')).toBeNull();

    findByTestId(Button, 'preview-first_strike_moment').trigger('onClick');

    await waitFor(() => expect(maybeFindByTestId(Tile, 'preview')).not.toBeNull());
    expect(allText(findByTestId(Tile, 'preview'))).toBe(
      'Audience preview: first_strike_moment Who would change if a cycle ran now. Nothing is changed. ' +
        'Would enter: 1 Globex (org-1) Would complete: 0 Would exit: 1 Initech (org-2)',
    );
  });

  it('retries a failed action and removes it from the list', async () => {
    const fetch = mockTrig(on('POST', '/api/admin/actions/7/retry', () => new Response(null, { status: 204 })), ...baseRoutes);
    const { find, findByTestId, waitFor, maybeFindByTestId, mocks } = await renderSettings();
    fire(find(Tabs), 'onSelectedChange', 'operate');
    await waitFor(() => expect(maybeFindByTestId(Table, 'failed-actions')).not.toBeNull());
    expect(allText(findByTestId(Table, 'failed-actions').findAll(TableRow)[1])).toBe(
      'first_strike_moment slack org-0042 channel_not_found 3 23 Nov 2026 Retry',
    );

    findByTestId(Button, 'retry-7').trigger('onClick');

    await waitFor(() => expect(maybeFindByTestId(Text, 'no-failed-actions')).not.toBeNull());
    expect(fetch).toHaveBeenCalledWith(`${TRIG_BASE_URL}/api/admin/actions/7/retry`, expect.objectContaining({ method: 'POST' }));
    expect(mocks.actions.addAlert.calls[0][0]).toMatchObject({ type: 'success' });
  });

  it('shows an error state when the definitions cannot be loaded', async () => {
    mockTrig(on('GET', '/api/admin/actions/failed', () => json(200, [])));
    const { find } = await renderSettings();

    expect(find(ErrorState).props.title).toBe("Couldn't load definitions");
    expect(find(ErrorState).find(Text).text).toBe(
      'Loading definitions failed (HTTP 500): unexpected GET /api/admin/definitions',
    );
  });
});
