import { describe, expect, it } from 'vitest';
import { conditionText, newDraft, toYaml, type Draft } from '../src/model';

describe('conditionText', () => {
  it('writes comparisons, lists, relative dates and value-less operators in the criteria language', () => {
    expect(conditionText({ type: 'condition', attribute: 'seats', operator: '>=', value: ' 10 ' })).toBe('seats >= 10');
    expect(conditionText({ type: 'condition', attribute: 'plan', operator: 'in', value: 'Premium, Enterprise' })).toBe('plan in [Premium, Enterprise]');
    expect(conditionText({ type: 'condition', attribute: 'plan', operator: 'not in', value: '[Free]' })).toBe('plan not in [Free]');
    expect(conditionText({ type: 'condition', attribute: 'last_login', operator: 'within last N days', value: '7' })).toBe('last_login within last 7 days');
    expect(conditionText({ type: 'condition', attribute: 'login', operator: 'occurred >= N times within 30 days', value: '3' })).toBe(
      'login occurred >= 3 times within 30 days',
    );
    expect(conditionText({ type: 'condition', attribute: 'owner_email', operator: 'has any value', value: 'ignored' })).toBe('owner_email has any value');
  });
});

describe('toYaml', () => {
  it('emits a cohort with nested all/any criteria, each condition quoted', () => {
    const d: Draft = {
      ...newDraft('cohort'),
      key: 'big_accounts',
      name: 'Big "accounts"',
      criteria: {
        type: 'group',
        mode: 'all',
        items: [
          { type: 'condition', attribute: 'plan', operator: 'in', value: 'Premium, Enterprise' },
          {
            type: 'group',
            mode: 'any',
            items: [
              { type: 'condition', attribute: 'seats', operator: '>=', value: '10' },
              { type: 'condition', attribute: 'login', operator: 'occurred', value: '' },
            ],
          },
        ],
      },
    };
    expect(toYaml(d)).toBe(
      [
        'cohorts:',
        '  - key: big_accounts',
        '    name: "Big \\"accounts\\""',
        '    entity: organisation',
        '    criteria:',
        '      all:',
        '        - "plan in [Premium, Enterprise]"',
        '        - any:',
        '            - "seats >= 10"',
        '            - "login occurred"',
        '',
      ].join('\n'),
    );
  });

  it('emits a job with its audience, goal and duration, and an empty block as []', () => {
    const d: Draft = {
      ...newDraft('job'),
      key: 'call',
      entity: 'person',
      completion: { type: 'group', mode: 'any', items: [{ type: 'condition', attribute: 'plan', operator: '=', value: 'Enterprise' }] },
      window: '21d',
    };
    expect(toYaml(d)).toBe(
      ['jobs:', '  - key: call', '    entity: person', '    audience:', '      all: []', '    goal:', '      any:', '        - "plan = Enterprise"', '    duration: 21d', ''].join('\n'),
    );
  });

  it('leaves a behaviour without completion out of the document and names its window time_limit', () => {
    const yaml = toYaml({ ...newDraft('behaviour'), key: 'b', window: '14d' });
    expect(yaml).toContain('behaviours:\n');
    expect(yaml).not.toContain('completion');
    expect(yaml).toContain('    time_limit: 14d\n');
  });
});
