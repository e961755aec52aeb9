import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { Alert, Button, Checkbox, Input, LoadingSpinner, NumberInput, Select, Table, TableRow, Tabs, Text, TextArea } from '@hubspot/ui-extensions';
import { TrigSettings } from '../../src/app/settings/TrigSettings';
import { definitions, json } from '../fixtures';
import { allText } from '../text';
import { callsTo, mockTrig, on, type Route } from '../router';
import { fire } from '../fire';
import { applied, schema } from './adminFixtures';

const failed = [7, 8].map((id) => ({
  id,
  definitionKey: 'first_strike_moment',
  kind: 'slack',
  entityId: `org-${id}`,
  reason: 'channel_not_found',
  attempts: 3,
  failedAt: '2026-11-23T08:00:00Z',
}));

const versions = [
  { setVersion: 4, at: '2026-11-24T10:00:00Z', actor: 'hubspot:sam@vendor.com', action: 'definitions.apply', retired: false, text: 'x', diff: '-  time_limit: 7d\n+  time_limit: 10d' },
  { setVersion: 3, at: '2026-11-20T09:00:00Z', actor: 'api-key', action: 'definitions.apply', retired: false, text: 'y', diff: '+behaviours:' },
];

const base: Route[] = [
  on('GET', '/api/admin/definitions', () => json(200, definitions)),
  on('GET', '/api/admin/actions/failed', () => json(200, failed)),
  on('GET', '/api/admin/runs?limit=10', () => json(200, [])),
  on('GET', '/api/admin/schema', () => json(200, schema)),
];

async function render(...routes: Route[]) {
  const fetch = mockTrig(...routes, ...base);
  const r = createRenderer('settings');
  r.render(<TrigSettings addAlert={r.mocks.actions.addAlert} />);
  await r.waitFor(() => expect(r.maybeFind(LoadingSpinner)).toBeNull());
  return { r, fetch };
}

afterEach(() => vi.restoreAllMocks());

describe('history', () => {
  it('lists versions with who, when and the diff, and rolls back to an earlier one', async () => {
    const { r, fetch } = await render(
      on('GET', '/api/admin/definitions/first_strike_moment/versions', () => json(200, versions)),
      on('POST', '/api/admin/definitions/first_strike_moment/rollback?version=3', () => json(200, applied(true, 5))),
    );
    r.findByTestId(Button, 'history-first_strike_moment').trigger('onClick');
    await r.waitFor(() => expect(r.maybeFindByTestId(Table, 'versions')).not.toBeNull());

    expect(r.findByTestId(Table, 'versions').findAll(TableRow).slice(1).map(allText)).toEqual([
      '4 24 Nov 2026 10:00 UTC hubspot:sam@vendor.com definitions.apply - time_limit: 7d + time_limit: 10d current',
      '3 20 Nov 2026 09:00 UTC api-key definitions.apply +behaviours: Roll back to this',
    ]);
    expect(r.maybeFindByTestId(Button, 'rollback-4')).toBeNull(); // the current version is not offered

    r.findByTestId(Button, 'rollback-3').trigger('onClick');

    await vi.waitFor(() => expect(r.mocks.actions.addAlert.calls.length).toBe(1));
    expect(r.mocks.actions.addAlert.calls[0][0]).toMatchObject({
      type: 'success',
      message: 'first_strike_moment rolled back to version 3 (now set version 5).',
    });
    expect(callsTo(fetch, '/api/admin/definitions/first_strike_moment/rollback?version=3')).toEqual([{ method: 'POST', body: undefined }]);
  });

  it('reports a refused rollback and stays on the history', async () => {
    const { r } = await render(
      on('GET', '/api/admin/definitions/first_strike_moment/versions', () => json(200, versions)),
      on('POST', '/api/admin/definitions/first_strike_moment/rollback?version=3', () =>
        json(422, { title: 'Invalid document', detail: 'invalid', errors: [{ file: 'first_strike_moment', line: 3, column: 5, message: "unknown attribute 'seats'" }] }),
      ),
    );
    r.findByTestId(Button, 'history-first_strike_moment').trigger('onClick');
    await r.waitFor(() => expect(r.maybeFindByTestId(Button, 'rollback-3')).not.toBeNull());
    r.findByTestId(Button, 'rollback-3').trigger('onClick');

    await vi.waitFor(() => expect(r.mocks.actions.addAlert.calls.length).toBe(1));
    expect(r.mocks.actions.addAlert.calls[0][0]).toMatchObject({ type: 'danger', message: "unknown attribute 'seats'" });
    expect(r.maybeFindByTestId(Table, 'versions')).not.toBeNull();
  });

  it('duplicates a definition as a new key', async () => {
    const { r, fetch } = await render(
      on('GET', '/api/admin/definitions/first_strike_moment/versions', () => json(200, versions)),
      on('POST', '/api/admin/definitions/first_strike_moment/duplicate?newKey=first_strike_10d', () => json(200, applied(true, 5))),
    );
    r.findByTestId(Button, 'history-first_strike_moment').trigger('onClick');
    await r.waitFor(() => expect(r.maybeFindByTestId(Input, 'duplicate-key')).not.toBeNull());
    fire(r.findByTestId(Input, 'duplicate-key'), 'onChange', 'first_strike_10d');
    r.findByTestId(Button, 'duplicate-run').trigger('onClick');

    await vi.waitFor(() => expect(r.mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({ message: 'first_strike_moment duplicated as first_strike_10d.' }));
    expect(callsTo(fetch, '/api/admin/definitions/first_strike_moment/duplicate?newKey=first_strike_10d')).toHaveLength(1);
  });
});

describe('provisioned definitions', () => {
  it('open read-only as "managed in files", without preview or publish', async () => {
      const { r } = await render(
        on('GET', '/api/admin/definitions/power_accounts', () =>
          json(200, {
            key: 'power_accounts', name: 'Power accounts', kind: 'cohort', entity: 'organisation', source: 'provisioned', file: 'cohorts.yaml',
            text: 'cohorts:\n  - key: power_accounts\n    criteria: [ qq ~ 1 ]\n', setVersion: null, changedAt: null, changedBy: null,
            definitionVersion: 'v', status: 'paused', lastEvaluatedAt: null, editable: false,
          }),
        ),
      );
      expect(r.findByTestId(Button, 'edit-power_accounts').text).toBe('View');
      expect(r.maybeFindByTestId(Button, 'history-power_accounts')).toBeNull();
      r.findByTestId(Button, 'edit-power_accounts').trigger('onClick');
      await r.waitFor(() => expect(r.maybeFindByTestId(Text, 'managed-in-files')).not.toBeNull());
      expect(r.maybeFindByTestId(Button, 'preview-document')).toBeNull();
      expect(r.maybeFindByTestId(Button, 'publish')).toBeNull();
      expect(r.findByTestId(Input, 'field-key').props.readOnly).toBe(true);
  });

  it('an authored definition opens in the form with its criteria in the pickers', async () => {
    const { r } = await render(
      on('GET', '/api/admin/definitions/first_strike_moment', () =>
        json(200, {
          key: 'first_strike_moment', name: 'First Strike Moment', kind: 'behaviour', entity: 'organisation', source: 'authored', file: null,
          text: 'behaviours:\n  - key: first_strike_moment\n    audience:\n      - seats >= 5\n    time_limit: 7d\n', setVersion: 4,
          changedAt: null, changedBy: 'api-key', definitionVersion: 'v', status: 'live', lastEvaluatedAt: null, editable: true,
        }),
      ),
    );
    r.findByTestId(Button, 'edit-first_strike_moment').trigger('onClick');
    await r.waitFor(() => expect(r.maybeFindByTestId(Input, 'field-time')?.props.value).toBe('7d'));
    expect(r.findByTestId(Input, 'field-key').props.readOnly).toBe(true);
    expect(r.maybeFindByTestId(TextArea, 'yaml-text')).toBeNull();
    expect(r.findByTestId(Select, 'subject-audience.0').props.value).toBe('seats');
    expect(r.findByTestId(Select, 'op-audience.0').props.value).toBe('>=');
    expect(r.findByTestId(NumberInput, 'value-audience.0').props.value).toBe(5);
  });
});

const authoredDetail = {
  key: 'first_strike_moment', name: 'First Strike Moment', kind: 'behaviour', entity: 'organisation', source: 'authored', file: null,
  text: 'behaviours:\n  - key: first_strike_moment\n    audience:\n      - seats >= 5\n    time_limit: 7d\n', setVersion: 4,
  changedAt: null, changedBy: 'api-key', definitionVersion: 'v', status: 'live', lastEvaluatedAt: null, editable: true,
};

describe('retire', () => {
  async function openEditor(...routes: Route[]) {
    const out = await render(on('GET', '/api/admin/definitions/first_strike_moment', () => json(200, authoredDetail)), ...routes);
    out.r.findByTestId(Button, 'edit-first_strike_moment').trigger('onClick');
    await out.r.waitFor(() => expect(out.r.maybeFindByTestId(Button, 'retire')).not.toBeNull());
    out.r.findByTestId(Button, 'retire').trigger('onClick');
    out.r.findByTestId(Button, 'retire-run').trigger('onClick');
    return out;
  }

  it('retires an authored definition with DELETE and says what is kept', async () => {
    const note = "'first_strike_moment' is no longer evaluated. Its memberships and transitions stay in the store.";
    const { r, fetch } = await openEditor(on('DELETE', '/api/admin/definitions/first_strike_moment', () => json(200, { ...applied(true, 9), note })));

    await vi.waitFor(() => expect(r.mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({ type: 'success', message: note }));
    expect(callsTo(fetch, '/api/admin/definitions/first_strike_moment').map((c) => c.method)).toEqual(['GET', 'DELETE']);
  });

  it('shows the dependants when retiring is refused', async () => {
    const { r } = await openEditor(
      on('DELETE', '/api/admin/definitions/first_strike_moment', () => json(409, { title: 'Conflict', detail: 'used', errors: [], dependants: ['expansion_call'] })),
    );

    await r.waitFor(() => expect(r.maybeFindByTestId(Alert, 'retire-refused')).not.toBeNull());
    expect(allText(r.findByTestId(Alert, 'retire-refused'))).toBe('Used by expansion_call: retire or change those first.');
    expect(r.mocks.actions.addAlert.calls).toHaveLength(0);
  });
});

describe('operate', () => {
  it('retries the selected failed actions in bulk', async () => {
    const retry = (id: number): Route => on('POST', `/api/admin/actions/${id}/retry`, () => new Response(null, { status: 204 }));
    const { r, fetch } = await render(retry(7), retry(8), on('GET', '/api/admin/audit?limit=25', () => json(200, [])));
    fire(r.find(Tabs), 'onSelectedChange', 'operate');
    await r.waitFor(() => expect(r.maybeFindByTestId(Table, 'failed-actions')).not.toBeNull());
    expect(r.findByTestId(Button, 'retry-selected').props.disabled).toBe(true);

    fire(r.findByTestId(Checkbox, 'select-7'), 'onChange', true);
    fire(r.findByTestId(Checkbox, 'select-8'), 'onChange', true);
    expect(r.findByTestId(Button, 'retry-selected').text).toBe('Retry selected (2)');
    r.findByTestId(Button, 'retry-selected').trigger('onClick');

    await r.waitFor(() => expect(r.maybeFindByTestId(Text, 'no-failed-actions')).not.toBeNull());
    expect(callsTo(fetch, '/api/admin/actions/7/retry')).toHaveLength(1);
    expect(callsTo(fetch, '/api/admin/actions/8/retry')).toHaveLength(1);
    expect(r.mocks.actions.addAlert.calls[0][0]).toMatchObject({ type: 'success', message: '2 actions queued for retry.' });
  });

  it('shows the audit log a page at a time', async () => {
    const page = Array.from({ length: 25 }, (_, i) => ({ id: 100 - i, at: '2026-11-24T10:00:00Z', actor: 'api-key', action: 'definitions.apply', subject: `k${i}` }));
    const { r, fetch } = await render(
      on('GET', '/api/admin/audit?limit=25', () => json(200, page)),
      on('GET', '/api/admin/audit?limit=25&before=76', () => json(200, [{ id: 75, at: '2026-11-23T10:00:00Z', actor: 'hubspot:ana@vendor.com', action: 'pause', subject: 'power_accounts' }])),
    );
    fire(r.find(Tabs), 'onSelectedChange', 'operate');
    await r.waitFor(() => expect(r.maybeFindByTestId(Table, 'audit')).not.toBeNull());
    expect(r.findByTestId(Table, 'audit').findAll(TableRow)).toHaveLength(26);

    r.findByTestId(Button, 'audit-older').trigger('onClick');

    await r.waitFor(() => expect(r.findByTestId(Table, 'audit').findAll(TableRow)).toHaveLength(2));
    expect(allText(r.findByTestId(Table, 'audit').findAll(TableRow)[1])).toBe('23 Nov 2026 10:00 UTC hubspot:ana@vendor.com pause power_accounts');
    expect(callsTo(fetch, '/api/admin/audit?limit=25&before=76')).toHaveLength(1);
    expect(r.findByTestId(Button, 'audit-older').props.disabled).toBe(true);
  });
});
