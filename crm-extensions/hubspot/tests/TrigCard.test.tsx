import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import {
  Alert,
  Button,
  EmptyState,
  ErrorState,
  Flex,
  Heading,
  LoadingSpinner,
  ProgressBar,
  Table,
  TableRow,
  Tag,
  Text,
  Tile,
  hubspot,
} from '@hubspot/ui-extensions';
import { TrigCard } from '../src/app/cards/TrigCard';
import { TRIG_BASE_URL } from '../src/app/config';
import { cardView, json } from './fixtures';
import { allText } from './text';

// @hubspot/ui-extensions/testing mocks context and actions but not hubspot.fetch (which forwards to the
// worker's self.hsFetch), so the tests replace hubspot.fetch on the exported object.
const mockFetch = (impl: (url: string | URL) => Promise<Response>) => vi.spyOn(hubspot, 'fetch').mockImplementation(impl);

afterEach(() => vi.restoreAllMocks());

async function renderLoaded(objectTypeId = '0-2') {
  const renderer = createRenderer('crm.record.tab');
  const { context } = renderer.mocks;
  renderer.render(<TrigCard objectId={context.crm.objectId} objectTypeId={objectTypeId} />);
  await renderer.waitFor(() => expect(renderer.maybeFind(LoadingSpinner)).toBeNull());
  return { ...renderer, objectId: context.crm.objectId };
}

describe('TrigCard', () => {
  it('shows a spinner while the card data is on its way', async () => {
    const fetch = mockFetch(() => new Promise<Response>(() => {}));
    const r = createRenderer('crm.record.tab');
    const { mocks } = r;
    r.render(<TrigCard objectId={mocks.context.crm.objectId} objectTypeId="0-1" />);

    expect(r.find(LoadingSpinner).props.label).toBe('Loading Trig data…');
    await vi.waitFor(() =>
      expect(fetch).toHaveBeenCalledWith(
        `${TRIG_BASE_URL}/api/cards/hubspot?objectType=contacts&objectId=${mocks.context.crm.objectId}`,
        expect.objectContaining({ method: 'GET' }),
      ),
    );
  });

  it('renders the stage with time in stage and objectives done of total', async () => {
    const fetch = mockFetch(async () => json(200, cardView));
    const { find, findByTestId, objectId } = await renderLoaded('0-2');

    expect(fetch).toHaveBeenCalledWith(
      `${TRIG_BASE_URL}/api/cards/hubspot?objectType=companies&objectId=${objectId}`,
      expect.objectContaining({ method: 'GET' }),
    );
    const stage = findByTestId(ProgressBar, 'trig-objectives-progress');
    expect(stage.props).toMatchObject({ value: 2, maxValue: 5, valueDescription: '2 of 5 objectives done' });
    expect(find(Heading).text).toBe('Onboarding');
    expect(find(Text, (t) => (t.text ?? '').includes('in stage')).text).toBe('23 days in stage · since 1 Nov 2026');
  });

  it('lists each objective with its completion date or benchmark, flagging the slow one', async () => {
    mockFetch(async () => json(200, cardView));
    const { findByTestId } = await renderLoaded();

    const rows = findByTestId(Table, 'trig-objectives').findAll(TableRow).slice(1); // first row is the header
    expect(rows.map(allText)).toEqual([
      'Created first invoice Completed Completed 3 Nov 2026',
      'Connected gateway slow In progress Usually done in 6.1 days',
    ]);
    expect(rows[0].maybeFind(Tag)).toBeNull();
    expect(rows[1].find(Tag).text).toBe('slow');
  });

  it('shows the slow signal with the ARR at risk and the slow objective', async () => {
    mockFetch(async () => json(200, cardView));
    const { find } = await renderLoaded();

    const alert = find(Alert);
    expect(alert.props.title).toBe('Slow onboarding');
    expect(alert.text).toBe('ARR at risk: $24,000 · slow on Connected gateway');
    expect(alert.props.variant).toBe('warning');
  });

  it('shows what the account should do next: the top retention-gap behaviours it has not done', async () => {
    mockFetch(async () =>
      json(200, {
        ...cardView,
        nextSteps: [
          { key: 'invited_team_member', name: 'Invited a team member', kind: 'objective', stage: 'onboarding', status: 'active', gapPoints: 55.04, doerRetention: 0.95, nonDoerRetention: 0.4 },
          { key: 'connected_gateway', name: 'Connected gateway', kind: 'behaviour', stage: null, status: 'not_started', gapPoints: 12, doerRetention: 0.7, nonDoerRetention: 0.58 },
        ],
      }),
    );
    const { findByTestId } = await renderLoaded();

    expect(allText(findByTestId(Flex, 'trig-next-steps'))).toBe(
      'Next steps What retained customers did that this account has not done yet. ' +
        'Invited a team member (in progress): 95% of those who did it were retained, 40% of the others (+55.0 pts) ' +
        'Connected gateway (not started): 70% of those who did it were retained, 58% of the others (+12.0 pts)',
    );
  });

  it('shows no next steps when the view has none (not configured, or the Dynamics summary)', async () => {
    mockFetch(async () => json(200, { ...cardView, nextSteps: [] }));
    const { maybeFindByTestId } = await renderLoaded();
    expect(maybeFindByTestId(Flex, 'trig-next-steps')).toBeNull();
  });

  it('shows money in the currency the view carries', async () => {
    mockFetch(async () => json(200, { ...cardView, currency: 'EUR' }));
    const { find } = await renderLoaded();

    expect(find(Alert).text).toBe('ARR at risk: €24,000 · slow on Connected gateway');
  });

  it('shows behaviours, cohorts, jobs and transitions', async () => {
    mockFetch(async () => json(200, cardView));
    const { findByTestId } = await renderLoaded();

    expect(allText(findByTestId(Tile, 'trig-behaviours'))).toBe(
      'Behaviours First Strike Moment Completed Completed 5 Nov 2026',
    );
    expect(findByTestId(Tile, 'trig-cohorts').findAll(Tag).map(allText)).toEqual(['Power accounts']);
    const jobs = allText(findByTestId(Tile, 'trig-jobs'));
    expect(jobs).toContain('Feature adoption · since 20 Nov 2026 · due 20 Dec 2026');
    expect(jobs).toContain('Onboarding nudge Completed 8 Nov 2026');
    expect(allText(findByTestId(Tile, 'trig-transitions'))).toContain(
      '5 Nov 2026 · Completed behaviour First Strike Moment',
    );
  });

  it('ends with the record, its owner and how long ago the record was last evaluated', async () => {
    // Only Date is faked: the renderer's waitFor still needs real timers.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-24T13:00:00Z'));
    try {
      mockFetch(async () => json(200, cardView));
      const { find } = await renderLoaded();

      expect(allText(find(Text, (t) => allText(t).includes('updated')))).toBe(
        'Acme Corp · owner sam@vendor.com · updated 6 hours ago',
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it('hides the signal and shows "not in a stage" when stage and signal are null', async () => {
    mockFetch(async () => json(200, { ...cardView, stage: null, signal: null, cohorts: [], currentJob: null }));
    const { maybeFind, find, findAll } = await renderLoaded();

    expect(maybeFind(Alert)).toBeNull();
    expect(maybeFind(ProgressBar)).toBeNull();
    expect(find(Text, (t) => t.text === 'Not in a lifecycle stage right now.')).toBeTruthy();
    expect(findAll(Text).map((t) => t.text)).toContain('In no cohort now.');
  });

  it('shows the empty state with the API detail on 404', async () => {
    mockFetch(async () =>
      json(404, { title: 'Not found', detail: 'No Trig data for this record yet.', status: 404 }),
    );
    const { find, maybeFind } = await renderLoaded();

    expect(find(EmptyState).props.title).toBe('No Trig data yet');
    expect(find(EmptyState).find(Text).text).toBe('No Trig data for this record yet.');
    expect(maybeFind(ErrorState)).toBeNull();
    expect(maybeFind(Heading)).toBeNull();
  });

  it('shows the error state on a 500 and retries on "Try again"', async () => {
    const fetch = mockFetch(async () => json(500, { title: 'Internal error', status: 500 }));
    const { find, maybeFind, waitFor } = await renderLoaded();

    expect(find(ErrorState).props.title).toBe("Couldn't load Trig data");
    expect(find(ErrorState).find(Text).text).toBe('Loading Trig data failed (HTTP 500): Internal error');
    expect(maybeFind(EmptyState)).toBeNull();

    fetch.mockImplementation(async () => json(200, cardView));
    expect(find(ErrorState).find(Button).text).toBe('Try again');
    find(ErrorState).find(Button).trigger('onClick');
    await waitFor(() => expect(maybeFind(Heading)?.text).toBe('Onboarding'));
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('shows the error state when the network fails', async () => {
    mockFetch(async () => {
      throw new TypeError('fetch failed');
    });
    const { find } = await renderLoaded();

    expect(find(ErrorState).find(Text).text).toBe('Trig is unreachable: fetch failed');
  });
});
