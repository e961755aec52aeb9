import { describe, expect, it } from 'vitest';
import {
  conditionProblem,
  conditionText,
  criteriaFromYaml,
  criteriaToYaml,
  parseCondition,
  type Condition,
  type Group,
  type Subject,
} from '../../src/app/settings/model/criteria';
import { operatorsFor } from '../../src/app/settings/model/operators';

const subjects: Subject[] = [
  { name: 'plan', type: 'string' },
  { name: 'seats', type: 'number' },
  { name: 'is_admin', type: 'bool' },
  { name: 'first_session_date', type: 'datetime' },
  { name: 'tags', type: 'list' },
  { name: 'login', type: 'event' },
];

const cond = (subject: string, type: Condition['type'], op: string, value: Condition['value']): Condition => ({
  kind: 'condition',
  subject,
  type,
  op,
  value,
});

describe('operators by type', () => {
  it('offers only the operators that fit each type', () => {
    expect(operatorsFor('number').map((o) => o.op)).toEqual(['=', '!=', '>', '>=', '<', '<=', 'in', 'not in', 'has any value', 'has no value']);
    expect(operatorsFor('bool').map((o) => o.op)).toEqual(['=', '!=', 'has any value', 'has no value']);
    expect(operatorsFor('datetime').map((o) => o.op)).toEqual([
      'within last', 'within next', 'more than ago', 'less than ago', '>', '>=', '<', '<=', 'has any value', 'has no value',
    ]);
    expect(operatorsFor('event').map((o) => o.op)).toEqual(['occurred', 'has not occurred', 'occurred times']);
    expect(operatorsFor('list').map((o) => o.input)).toEqual(['text', 'text', 'none', 'none']);
  });
});

describe('condition text', () => {
  it.each([
    [cond('plan', 'string', '=', { kind: 'text', text: 'Acme Inc' }), 'plan = Acme Inc'],
    [cond('plan', 'string', '=', { kind: 'text', text: '42' }), 'plan = "42"'],
    [cond('plan', 'string', 'in', { kind: 'list', items: ['Premium', 'Enterprise, EU'] }), 'plan in [Premium, "Enterprise, EU"]'],
    [cond('seats', 'number', '>=', { kind: 'number', value: 10 }), 'seats >= 10'],
    [cond('is_admin', 'bool', '=', { kind: 'bool', value: false }), 'is_admin = false'],
    [cond('first_session_date', 'datetime', 'within last', { kind: 'relative', amount: 7, unit: 'days' }), 'first_session_date within last 7 days'],
    [cond('first_session_date', 'datetime', 'more than ago', { kind: 'relative', amount: 2, unit: 'weeks' }), 'first_session_date more than 2 weeks ago'],
    [cond('first_session_date', 'datetime', '<', { kind: 'date', iso: '2026-06-01' }), 'first_session_date < 2026-06-01'],
    [cond('login', 'event', 'occurred times', { kind: 'count', comparison: '>=', times: 20, withinDays: 14 }), 'login occurred >= 20 times within 14 days'],
    [cond('login', 'event', 'occurred times', { kind: 'count', comparison: '=', times: 0, withinDays: null }), 'login occurred = 0 times'],
    [cond('login', 'event', 'has not occurred', { kind: 'none' }), 'login has not occurred'],
  ])('%# writes %s', (c, text) => {
    expect(conditionText(c)).toBe(text);
    // and reads it back into the same picker state
    expect(parseCondition(text, subjects)).toEqual(c);
  });

  it('keeps what the pickers cannot show as a raw condition', () => {
    expect(parseCondition('unknown_attr = 3', subjects)).toEqual({ kind: 'raw', text: 'unknown_attr = 3' });
    expect(parseCondition('seats = many', subjects)).toEqual({ kind: 'raw', text: 'seats = many' });
    expect(parseCondition('login occurred >= 3 times within 2 weeks', subjects)).toEqual({
      kind: 'raw',
      text: 'login occurred >= 3 times within 2 weeks',
    });
  });

  it('reads the language aliases into the canonical operator', () => {
    expect(parseCondition('plan == Premium', subjects)).toMatchObject({ op: '=', value: { kind: 'text', text: 'Premium' } });
    expect(parseCondition('first_session_date within last 3 d', subjects)).toMatchObject({ value: { amount: 3, unit: 'days' } });
    expect(parseCondition('login did not occur', subjects)).toMatchObject({ op: 'has not occurred' });
  });

  it('names what is missing before a condition can be written', () => {
    expect(conditionProblem(cond('seats', 'number', '>=', { kind: 'number', value: null }))).toBe('enter a number');
    expect(conditionProblem(cond('plan', 'string', 'in', { kind: 'list', items: [] }))).toBe('add at least one value');
    expect(conditionProblem(cond('seats', 'number', 'contains', { kind: 'text', text: 'x' }))).toBe("'contains' does not fit a number");
    expect(conditionProblem(cond('login', 'event', 'occurred times', { kind: 'count', comparison: '>=', times: 3, withinDays: 0 }))).toBe(
      'the window is a whole number of days above 0',
    );
    expect(conditionProblem(cond('seats', 'number', '>=', { kind: 'number', value: 5 }))).toBeNull();
  });
});

describe('criteria blocks', () => {
  const nested: Group = {
    kind: 'group',
    mode: 'all',
    items: [
      cond('plan', 'string', 'in', { kind: 'list', items: ['Premium', 'Enterprise'] }),
      {
        kind: 'group',
        mode: 'any',
        items: [
          cond('seats', 'number', '>=', { kind: 'number', value: 10 }),
          cond('login', 'event', 'occurred times', { kind: 'count', comparison: '>=', times: 20, withinDays: 14 }),
          { kind: 'raw', text: 'active_users >= 10' },
        ],
      },
    ],
  };

  it('writes nested all/any groups as the YAML value of a criteria block and reads them back', () => {
    const yaml = criteriaToYaml(nested);
    expect(yaml).toEqual([
      'plan in [Premium, Enterprise]',
      { any: ['seats >= 10', 'login occurred >= 20 times within 14 days', 'active_users >= 10'] },
    ]);
    expect(criteriaFromYaml(yaml, subjects)).toEqual(nested);
  });

  it('writes a top-level any as {any: […]} and reads {all: […]} as a list', () => {
    expect(criteriaToYaml({ ...nested, mode: 'any', items: nested.items.slice(0, 1) })).toEqual({ any: ['plan in [Premium, Enterprise]'] });
    expect(criteriaFromYaml({ all: ['seats >= 10'] }, subjects)).toEqual({
      kind: 'group',
      mode: 'all',
      items: [cond('seats', 'number', '>=', { kind: 'number', value: 10 })],
    });
  });
});
