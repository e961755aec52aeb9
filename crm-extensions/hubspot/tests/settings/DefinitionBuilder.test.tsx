import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { Alert, Button, Input, LoadingSpinner, NumberInput, Select, Text, TextArea, Tile, Toggle, ToggleGroup } from '@hubspot/ui-extensions';
import { parse } from 'yaml';
import { TrigSettings } from '../../src/app/settings/TrigSettings';
import { definitions, json } from '../fixtures';
import { allText } from '../text';
import { callsTo, mockTrig, on, type Route } from '../router';
import { fire } from '../fire';
import { applied, preview, schema } from './adminFixtures';

const base: Route[] = [
  on('GET', '/api/admin/definitions', () => json(200, definitions)),
  on('GET', '/api/admin/actions/failed', () => json(200, [])),
  on('GET', '/api/admin/runs?limit=10', () => json(200, [])),
  on('GET', '/api/admin/schema', () => json(200, schema)),
];

async function openNew(kind: string, ...routes: Route[]) {
  const fetch = mockTrig(...routes, ...base);
  const r = createRenderer('settings');
  r.render(<TrigSettings addAlert={r.mocks.actions.addAlert} />);
  await r.waitFor(() => expect(r.maybeFind(LoadingSpinner)).toBeNull());
  await vi.waitFor(() => expect(callsTo(fetch, '/api/admin/schema')).toHaveLength(1));
  fire(r.findByTestId(Select, 'new-kind'), 'onChange', kind);
  r.findByTestId(Button, 'new-definition').trigger('onClick');
  await r.waitFor(() => expect(r.maybeFindByTestId(Input, 'field-key')).not.toBeNull());
  return { r, fetch };
}

/** Builds `plan in [Premium, Enterprise]` and, in a nested any group, `login occurred >= 3 times within 14 days`. */
function buildCohort(r: ReturnType<typeof createRenderer>) {
  fire(r.findByTestId(Input, 'field-key'), 'onChange', 'premium_fit');
  r.findByTestId(Button, 'add-condition-criteria').trigger('onClick');
  fire(r.findByTestId(Select, 'subject-criteria.0'), 'onChange', 'plan');
  fire(r.findByTestId(Select, 'op-criteria.0'), 'onChange', 'in');
  fire(r.findByTestId(Input, 'value-criteria.0'), 'onChange', 'Premium, Enterprise');
  r.findByTestId(Button, 'add-group-criteria').trigger('onClick');
  r.findByTestId(Button, 'add-condition-criteria.1').trigger('onClick');
  fire(r.findByTestId(Select, 'subject-criteria.1.0'), 'onChange', 'login');
  fire(r.findByTestId(Select, 'op-criteria.1.0'), 'onChange', 'occurred times');
  fire(r.findByTestId(NumberInput, 'value-criteria.1.0'), 'onChange', 3);
  fire(r.findByTestId(NumberInput, 'within-criteria.1.0'), 'onChange', 14);
}

const previewRoute = on('POST', '/api/admin/definitions/apply?dryRun=true', () => json(200, applied(false)));

afterEach(() => vi.restoreAllMocks());

describe('definition builder', () => {
  it('builds criteria from pickers: operators fit the type, and the YAML view shows the same definition', async () => {
    const { r } = await openNew('cohort');
    buildCohort(r);

    // a number attribute offers comparisons and a number input; a string one does not offer ">"
    fire(r.findByTestId(Select, 'subject-criteria.0'), 'onChange', 'seats');
    expect(r.findByTestId(Select, 'op-criteria.0').props.options.map((o) => o.value)).toContain('>=');
    expect(r.maybeFindByTestId(NumberInput, 'value-criteria.0')).not.toBeNull();
    fire(r.findByTestId(Select, 'subject-criteria.0'), 'onChange', 'plan');
    expect(r.findByTestId(Select, 'op-criteria.0').props.options.map((o) => o.value)).not.toContain('>');
    fire(r.findByTestId(Select, 'op-criteria.0'), 'onChange', 'in');
    fire(r.findByTestId(Input, 'value-criteria.0'), 'onChange', 'Premium, Enterprise');

    // a nested group can be removed again (here: added and removed)
    r.findByTestId(Button, 'add-group-criteria').trigger('onClick');
    r.findByTestId(Button, 'remove-criteria.2').trigger('onClick');
    expect(r.maybeFindByTestId(Button, 'add-condition-criteria.2')).toBeNull();

    fire(r.findByTestId(ToggleGroup, 'mode'), 'onChange', 'yaml');
    const text = r.findByTestId(TextArea, 'yaml-text').props.value as string;
    expect(parse(text)).toEqual({
      cohorts: [
        {
          key: 'premium_fit',
          entity: 'organisation',
          criteria: ['plan in [Premium, Enterprise]', { any: ['login occurred >= 3 times within 14 days'] }],
        },
      ],
    });
  });

  it('holds back the preview while a condition lacks its value, and names the problem', async () => {
    const { r } = await openNew('cohort');
    fire(r.findByTestId(Input, 'field-key'), 'onChange', 'big');
    r.findByTestId(Button, 'add-condition-criteria').trigger('onClick');
    fire(r.findByTestId(Select, 'subject-criteria.0'), 'onChange', 'seats');

    expect(r.findByTestId(NumberInput, 'value-criteria.0').props.validationMessage).toBe('enter a number');
    expect(allText(r.findByTestId(Alert, 'form-problems'))).toContain('criteria condition 0: enter a number');
    expect(r.findByTestId(Button, 'preview-document').props.disabled).toBe(true);
  });

  it('shows the API validation errors at their line of the YAML that was sent', async () => {
    const { r, fetch } = await openNew(
      'cohort',
      on('POST', '/api/admin/definitions/apply?dryRun=true', () =>
        json(422, {
          title: 'Invalid document',
          detail: 'the document is invalid; nothing was stored',
          errors: [{ file: 'document', line: 7, column: 13, message: "unknown event 'login'" }],
        }),
      ),
    );
    buildCohort(r);
    r.findByTestId(Button, 'preview-document').trigger('onClick');

    await r.waitFor(() => expect(r.maybeFindByTestId(Alert, 'yaml-errors')).not.toBeNull());
    const sent = callsTo(fetch, '/api/admin/definitions/apply?dryRun=true')[0].body!.document as string;
    expect(r.findByTestId(TextArea, 'yaml-text').props.value).toBe(sent);
    expect(r.findByTestId(TextArea, 'yaml-text').props.error).toBe(true);
    const line7 = sent.split('\n')[6];
    expect(line7).toBe('          - login occurred >= 3 times within 14 days');
    expect(r.findByTestId(Alert, 'yaml-errors').props.title).toBe('1 error: nothing was stored');
    expect(allText(r.findByTestId(Alert, 'yaml-errors'))).toBe(
      `Line 7, column 13: unknown event 'login' 7 | ${line7.trim()} ^`,
    );
    // the caret sits under column 13 of the line: "7 | " is 4 characters, then 12 spaces
    expect(r.findByTestId(Alert, 'yaml-errors').findAll(Text).at(-1)!.text).toBe(`${' '.repeat(4 + 12)}^`);
  });

  it('previews (dry run): counts, entities with the reason, actions and CRM fields; then publishes the same document', async () => {
    const { r, fetch } = await openNew(
      'cohort',
      previewRoute,
      on('POST', '/api/admin/definitions/apply?dryRun=false', () => json(200, applied(true, 6))),
    );
    buildCohort(r);
    r.findByTestId(Button, 'preview-document').trigger('onClick');

    await r.waitFor(() => expect(r.maybeFindByTestId(Tile, 'authoring-preview')).not.toBeNull());
    const tile = allText(r.findByTestId(Tile, 'authoring-preview'));
    expect(tile).toContain('Enter: 2 Acme (org-1): plan in [Premium, Enterprise] ✓ … and 1 more');
    expect(tile).toContain('Actions that would fire: 1 Entity On Action org-1 entered slack #cs: Acme is premium');
    expect(tile).toContain('CRM fields that would change: 4 Record Field New value organisation org-1 currently_member_of_premium_fit true');
    const previewed = callsTo(fetch, '/api/admin/definitions/apply?dryRun=true')[0].body!.document;

    r.findByTestId(Button, 'publish').trigger('onClick');

    await vi.waitFor(() => expect(r.mocks.actions.addAlert.calls.length).toBe(1));
    expect(r.mocks.actions.addAlert.calls[0][0]).toMatchObject({ type: 'success', message: 'Published: set version 6 (premium_fit).' });
    expect(callsTo(fetch, '/api/admin/definitions/apply?dryRun=false')).toEqual([{ method: 'POST', body: { document: previewed } }]);
    await r.waitFor(() => expect(r.maybeFindByTestId(Button, 'new-definition')).not.toBeNull());
    expect(callsTo(fetch, '/api/admin/definitions')).toHaveLength(2); // the list reloads after publishing
  });

  it('asks for confirmation when the criteria of a definition with members change, and publishes with confirm=true', async () => {
    const { r, fetch } = await openNew(
      'cohort',
      previewRoute,
      on('POST', '/api/admin/definitions/apply?dryRun=false', () =>
        json(409, { title: 'Conflict', detail: 'confirm', confirmationRequired: ['premium_fit'], preview }),
      ),
      on('POST', '/api/admin/definitions/apply?dryRun=false&confirm=true', () => json(200, applied(true, 7))),
    );
    buildCohort(r);
    r.findByTestId(Button, 'preview-document').trigger('onClick');
    await r.waitFor(() => expect(r.maybeFindByTestId(Button, 'publish')).not.toBeNull());
    r.findByTestId(Button, 'publish').trigger('onClick');

    await r.waitFor(() => expect(r.maybeFindByTestId(Alert, 'confirm-required')).not.toBeNull());
    expect(allText(r.findByTestId(Alert, 'confirm-required'))).toContain(
      'premium_fit has members: current members stay members, and the new criteria apply from the next evaluation.',
    );
    r.findByTestId(Button, 'publish-confirm').trigger('onClick');

    await vi.waitFor(() => expect(callsTo(fetch, '/api/admin/definitions/apply?dryRun=false&confirm=true')).toHaveLength(1));
    await vi.waitFor(() => expect(r.mocks.actions.addAlert.calls[0]?.[0]).toMatchObject({ message: 'Published: set version 7 (premium_fit).' }));
  });

  it('creates a job with goal, duration, no re-entry, a follow-up to the owner and a route on exit', async () => {
    const { r, fetch } = await openNew('job', previewRoute);
    fire(r.findByTestId(Input, 'field-key'), 'onChange', 'expansion_call');
    r.findByTestId(Button, 'add-condition-goal').trigger('onClick');
    fire(r.findByTestId(Select, 'subject-goal.0'), 'onChange', 'arr');
    fire(r.findByTestId(Select, 'op-goal.0'), 'onChange', '>=');
    fire(r.findByTestId(NumberInput, 'value-goal.0'), 'onChange', 100000);
    fire(r.findByTestId(Input, 'field-time'), 'onChange', '14d');
    fire(r.findByTestId(Toggle, 'field-reentry'), 'onChange', false);
    r.findByTestId(Button, 'add-follow-up').trigger('onClick');
    fire(r.findByTestId(Select, 'action-type-follow_ups.0'), 'onChange', 'slack');
    r.findByTestId(Button, 'add-action-follow_ups.0').trigger('onClick');
    fire(r.findByTestId(Select, 'slack-to-follow_ups.0.0'), 'onChange', 'owner');
    fire(r.findByTestId(TextArea, 'slack-text-follow_ups.0.0'), 'onChange', 'Follow up with {name}');
    fire(r.findByTestId(Select, 'action-type-on_exit'), 'onChange', 'route_to');
    r.findByTestId(Button, 'add-action-on_exit').trigger('onClick');
    fire(r.findByTestId(Select, 'route-on_exit.0'), 'onChange', 'onboarding_stalled');
    r.findByTestId(Button, 'preview-document').trigger('onClick');

    await r.waitFor(() => expect(r.maybeFindByTestId(Button, 'publish')).not.toBeNull());
    const sent = callsTo(fetch, '/api/admin/definitions/apply?dryRun=true')[0].body!.document as string;
    expect(parse(sent)).toEqual({
      jobs: [
        {
          key: 'expansion_call',
          entity: 'organisation',
          reentry: false,
          goal: ['arr >= 100000'],
          duration: '14d',
          follow_ups: [{ after: '3d', actions: [{ slack: { to: 'owner', text: 'Follow up with {name}' } }] }],
          on_exit: [{ route_to: 'onboarding_stalled' }],
        },
      ],
    });
  });
});
