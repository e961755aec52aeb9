import type { AuthoringPreview, SchemaView } from '../../src/app/common/admin';

export const schema: SchemaView = {
  attributes: [
    { entity: 'organisation', name: 'plan', type: 'string', source: 'provisioned' },
    { entity: 'organisation', name: 'seats', type: 'number', source: 'provisioned' },
    { entity: 'organisation', name: 'arr', type: 'number', source: 'provisioned' },
    { entity: 'organisation', name: 'first_session_date', type: 'datetime', source: 'authored' },
  ],
  events: [{ name: 'login', source: 'provisioned' }],
  suggestedAttributes: [],
  suggestedEvents: [],
};

export const preview: AuthoringPreview = {
  at: '2026-11-24T10:00:00+00:00',
  entitiesEvaluated: 5400,
  definitions: [
    {
      key: 'premium_fit',
      enter: { count: 2, first: [{ id: 'org-1', name: 'Acme', reason: 'plan in [Premium, Enterprise] ✓' }] },
      complete: { count: 0, first: [] },
      exit: { count: 0, first: [] },
    },
  ],
  actionCount: 1,
  actions: [{ definitionKey: 'premium_fit', entityId: 'org-1', transition: 'entered', kind: 'slack', summary: 'slack #cs: Acme is premium' }],
  crmChangeCount: 4,
  crmChanges: [{ kind: 'organisation', entityId: 'org-1', name: 'currently_member_of_premium_fit', value: 'true' }],
};

export const applied = (published: boolean, setVersion = 5) => ({
  published,
  setVersion,
  definitionsVersion: 'abc',
  changed: ['premium_fit'],
  unchanged: [],
  confirmationRequired: [],
  preview,
});
