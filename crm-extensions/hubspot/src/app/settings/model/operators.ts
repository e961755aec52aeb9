// Which operators the criteria language offers for each attribute type (docs/definitions.md, "Criteria language"),
// and which kind of value input each one needs. Pure: the pickers and the YAML model read it.

/** The attribute types of the schema (`GET /api/admin/schema`), plus `event` for declared events. */
export type SubjectType = 'string' | 'number' | 'bool' | 'datetime' | 'list' | 'event';

/**
 * The value an operator takes: nothing, free text, a number, true/false, a calendar date, a list of values,
 * a relative amount of time (`7 days`), or an event count (`>= 3 times within 14 days`).
 */
export type ValueInput = 'none' | 'text' | 'number' | 'bool' | 'date' | 'list' | 'relative' | 'count';

export interface OperatorSpec {
  /** The operator as written in a condition (`more than … ago` is written around the amount). */
  op: string;
  label: string;
  input: ValueInput;
}

const presence: OperatorSpec[] = [
  { op: 'has any value', label: 'has any value', input: 'none' },
  { op: 'has no value', label: 'has no value', input: 'none' },
];

const compare = (input: ValueInput): OperatorSpec[] => [
  { op: '=', label: 'is', input },
  { op: '!=', label: 'is not', input },
  { op: '>', label: 'is greater than', input },
  { op: '>=', label: 'is at least', input },
  { op: '<', label: 'is less than', input },
  { op: '<=', label: 'is at most', input },
];

const relative: OperatorSpec[] = [
  { op: 'within last', label: 'is within the last', input: 'relative' },
  { op: 'within next', label: 'is within the next', input: 'relative' },
  { op: 'more than ago', label: 'is more than … ago', input: 'relative' },
  { op: 'less than ago', label: 'is less than … ago', input: 'relative' },
];

const byType: Record<SubjectType, OperatorSpec[]> = {
  string: [
    { op: '=', label: 'is', input: 'text' },
    { op: '!=', label: 'is not', input: 'text' },
    { op: 'in', label: 'is one of', input: 'list' },
    { op: 'not in', label: 'is none of', input: 'list' },
    { op: 'contains', label: 'contains', input: 'text' },
    { op: 'does not contain', label: 'does not contain', input: 'text' },
    ...presence,
  ],
  number: [
    ...compare('number'),
    { op: 'in', label: 'is one of', input: 'list' },
    { op: 'not in', label: 'is none of', input: 'list' },
    ...presence,
  ],
  bool: [{ op: '=', label: 'is', input: 'bool' }, { op: '!=', label: 'is not', input: 'bool' }, ...presence],
  datetime: [...relative, ...compare('date').filter((o) => o.op !== '=' && o.op !== '!='), ...presence],
  list: [
    { op: 'contains', label: 'contains', input: 'text' },
    { op: 'does not contain', label: 'does not contain', input: 'text' },
    ...presence,
  ],
  event: [
    { op: 'occurred', label: 'occurred', input: 'none' },
    { op: 'has not occurred', label: 'has not occurred', input: 'none' },
    { op: 'occurred times', label: 'occurred … times', input: 'count' },
  ],
};

/** The operators that fit a subject of this type, in the order the picker shows them. */
export function operatorsFor(type: SubjectType): OperatorSpec[] {
  return byType[type] ?? byType.string;
}

/** The operator spec, or undefined when the operator does not fit the type. */
export function operatorSpec(type: SubjectType, op: string): OperatorSpec | undefined {
  return operatorsFor(type).find((o) => o.op === op);
}

/** Comparisons an event count may use (`occurred >= 3 times`). */
export const COUNT_COMPARISONS = ['>=', '>', '=', '<=', '<'] as const;

/** Time units of relative dates and windows, as the criteria language spells them. */
export const TIME_UNITS = ['minutes', 'hours', 'days', 'weeks'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];
