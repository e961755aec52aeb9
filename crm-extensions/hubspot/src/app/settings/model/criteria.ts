// The criteria model behind the pickers, and its two directions: a condition <-> its one line of the criteria
// language, and a group <-> the YAML value of a criteria block (a list = all, `all:` or `any:`, nested).
import { COUNT_COMPARISONS, TIME_UNITS, operatorSpec, type SubjectType, type TimeUnit } from './operators';

export type ConditionValue =
  | { kind: 'none' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number | null }
  | { kind: 'bool'; value: boolean }
  | { kind: 'date'; iso: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'relative'; amount: number | null; unit: TimeUnit }
  | { kind: 'count'; comparison: string; times: number | null; withinDays: number | null };

export interface Condition {
  kind: 'condition';
  subject: string;
  type: SubjectType;
  op: string;
  value: ConditionValue;
}

/** A condition the pickers do not model (kept verbatim so editing a definition never loses it). */
export interface RawCondition {
  kind: 'raw';
  text: string;
}

export interface Group {
  kind: 'group';
  mode: 'all' | 'any';
  items: CriteriaNode[];
}

export type CriteriaNode = Condition | RawCondition | Group;

/** What a condition can read, with its type: declared attributes, events, and generated metadata. */
export interface Subject {
  name: string;
  type: SubjectType;
}

export const emptyGroup = (mode: 'all' | 'any' = 'all'): Group => ({ kind: 'group', mode, items: [] });

/** The value a freshly picked operator starts with. */
export function defaultValue(type: SubjectType, op: string): ConditionValue {
  switch (operatorSpec(type, op)?.input) {
    case 'text':
      return { kind: 'text', text: '' };
    case 'number':
      return { kind: 'number', value: null };
    case 'bool':
      return { kind: 'bool', value: true };
    case 'date':
      return { kind: 'date', iso: '' };
    case 'list':
      return { kind: 'list', items: [] };
    case 'relative':
      return { kind: 'relative', amount: 7, unit: 'days' };
    case 'count':
      return { kind: 'count', comparison: '>=', times: 1, withinDays: null };
    default:
      return { kind: 'none' };
  }
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

/** A text literal, quoted when it would otherwise read as a number, boolean or date, or is empty or padded. */
function textLiteral(text: string): string {
  const needsQuotes =
    text === '' || text !== text.trim() || NUMBER.test(text) || DATE.test(text) || /^(true|false)$/i.test(text);
  return needsQuotes ? JSON.stringify(text) : text;
}

const listItem = (item: string) => (/[,[\]"]/.test(item) || item !== item.trim() ? JSON.stringify(item) : item);

/** Why a condition cannot be written yet (a missing value), or null when it is complete. */
export function conditionProblem(c: Condition): string | null {
  if (!c.subject) return 'pick an attribute or event';
  if (!operatorSpec(c.type, c.op)) return `'${c.op}' does not fit a ${c.type}`;
  const v = c.value;
  switch (v.kind) {
    case 'number':
      return v.value === null || !Number.isFinite(v.value) ? 'enter a number' : null;
    case 'date':
      return DATE.test(v.iso) ? null : 'pick a date';
    case 'list':
      return v.items.length === 0 ? 'add at least one value' : null;
    case 'relative':
      return v.amount === null || v.amount <= 0 || !Number.isInteger(v.amount) ? 'enter a whole number of units above 0' : null;
    case 'count':
      if (v.times === null || v.times < 0 || !Number.isInteger(v.times)) return 'enter how many times';
      return v.withinDays !== null && (v.withinDays <= 0 || !Number.isInteger(v.withinDays))
        ? 'the window is a whole number of days above 0'
        : null;
    case 'text':
      return v.text.includes('"') ? 'a value cannot contain a double quote' : null;
    default:
      return null;
  }
}

/** The condition as one line of the criteria language. */
export function conditionText(c: Condition): string {
  const v = c.value;
  switch (v.kind) {
    case 'none':
      return `${c.subject} ${c.op}`;
    case 'text':
      return `${c.subject} ${c.op} ${textLiteral(v.text)}`;
    case 'number':
      return `${c.subject} ${c.op} ${v.value ?? ''}`;
    case 'bool':
      return `${c.subject} ${c.op} ${v.value}`;
    case 'date':
      return `${c.subject} ${c.op} ${v.iso}`;
    case 'list':
      return `${c.subject} ${c.op} [${v.items.map(listItem).join(', ')}]`;
    case 'relative': {
      const amount = `${v.amount ?? ''} ${v.unit}`;
      if (c.op === 'more than ago') return `${c.subject} more than ${amount} ago`;
      if (c.op === 'less than ago') return `${c.subject} less than ${amount} ago`;
      return `${c.subject} ${c.op} ${amount}`;
    }
    case 'count': {
      const within = v.withinDays === null ? '' : ` within ${v.withinDays} days`;
      return `${c.subject} occurred ${v.comparison} ${v.times ?? ''} times${within}`;
    }
  }
}

const UNIT_ALIASES: Record<string, TimeUnit> = {
  minute: 'minutes', minutes: 'minutes', min: 'minutes', mins: 'minutes',
  hour: 'hours', hours: 'hours', h: 'hours',
  day: 'days', days: 'days', d: 'days',
  week: 'weeks', weeks: 'weeks', w: 'weeks',
};

const unquote = (s: string) => {
  const t = s.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? (JSON.parse(t) as string) : t;
};

function splitList(body: string): string[] {
  const items: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|[^,]*)\s*(,|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body)) !== null && m[0] !== '') items.push(unquote(m[1]));
  return items.filter((i) => i !== '');
}

const OPS_IN_ORDER = ['does not contain', 'not contains', 'contains', 'not in', 'in', '>=', '<=', '!=', '==', '<>', '=', '>', '<'];
const CANONICAL: Record<string, string> = { '==': '=', '<>': '!=', 'not contains': 'does not contain' };

/** Reads one condition for the pickers; anything they cannot show is kept as a raw condition. */
export function parseCondition(text: string, subjects: Subject[]): CriteriaNode {
  const raw: RawCondition = { kind: 'raw', text };
  const m = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s+(.*?)\s*$/.exec(text);
  if (!m) return raw;
  const subject = subjects.find((s) => s.name === m[1]);
  if (!subject) return raw;
  const rest = m[2];
  const make = (op: string, value: ConditionValue): CriteriaNode =>
    operatorSpec(subject.type, op) ? { kind: 'condition', subject: subject.name, type: subject.type, op, value } : raw;

  if (subject.type === 'event') {
    if (rest === 'occurred') return make('occurred', { kind: 'none' });
    if (/^(has not occurred|did not occur|not occurred)$/.test(rest)) return make('has not occurred', { kind: 'none' });
    const c = /^occurred\s*(>=|>|=|<=|<)\s*(\d+)\s+times?(?:\s+within\s+(?:last\s+)?(\d+)\s*(days?|d))?$/.exec(rest);
    if (c && (COUNT_COMPARISONS as readonly string[]).includes(c[1]))
      return make('occurred times', { kind: 'count', comparison: c[1], times: Number(c[2]), withinDays: c[3] ? Number(c[3]) : null });
    return raw;
  }
  if (rest === 'has any value' || rest === 'has no value') return make(rest, { kind: 'none' });
  const rel = /^(within last|within next|more than|less than)\s+(\d+)\s*([a-z]+)(\s+ago)?$/.exec(rest);
  if (rel && UNIT_ALIASES[rel[3]]) {
    const ago = rel[1] === 'more than' || rel[1] === 'less than';
    if (ago !== Boolean(rel[4])) return raw;
    const op = ago ? `${rel[1]} ago` : rel[1];
    return make(op, { kind: 'relative', amount: Number(rel[2]), unit: UNIT_ALIASES[rel[3]] });
  }
  for (const written of OPS_IN_ORDER) {
    const word = /^[a-z]/.test(written);
    const opMatch = word ? new RegExp(`^${written}\\s+(.*)$`).exec(rest) : rest.startsWith(written) ? [rest, rest.slice(written.length)] : null;
    if (!opMatch) continue;
    const op = CANONICAL[written] ?? written;
    const literal = opMatch[1].trim();
    const spec = operatorSpec(subject.type, op);
    if (!spec) return raw;
    switch (spec.input) {
      case 'list': {
        const l = /^\[(.*)\]$/.exec(literal);
        return l ? make(op, { kind: 'list', items: splitList(l[1]) }) : raw;
      }
      case 'number':
        return NUMBER.test(literal) ? make(op, { kind: 'number', value: Number(literal) }) : raw;
      case 'bool':
        return /^(true|false)$/i.test(literal) ? make(op, { kind: 'bool', value: literal.toLowerCase() === 'true' }) : raw;
      case 'date':
        return DATE.test(literal) ? make(op, { kind: 'date', iso: literal }) : raw;
      default:
        return make(op, { kind: 'text', text: unquote(literal) });
    }
  }
  return raw;
}

/** A criteria block's YAML value: a list (all) at the top, `{any: […]}` for any, and `{all|any: […]}` when nested. */
export type CriteriaYaml = string | CriteriaYaml[] | { all: CriteriaYaml[] } | { any: CriteriaYaml[] };

function nodeYaml(n: CriteriaNode): CriteriaYaml {
  if (n.kind === 'raw') return n.text;
  if (n.kind === 'condition') return conditionText(n);
  return n.mode === 'all' ? { all: n.items.map(nodeYaml) } : { any: n.items.map(nodeYaml) };
}

export function criteriaToYaml(g: Group): CriteriaYaml {
  return g.mode === 'all' ? g.items.map(nodeYaml) : { any: g.items.map(nodeYaml) };
}

/** Reads a criteria block's YAML value (as the yaml parser gives it) into a group for the pickers. */
export function criteriaFromYaml(value: unknown, subjects: Subject[]): Group {
  if (Array.isArray(value)) return { kind: 'group', mode: 'all', items: value.map((v) => nodeFrom(v, subjects)) };
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o.all)) return criteriaFromYaml(o.all, subjects);
    if (Array.isArray(o.any)) return { kind: 'group', mode: 'any', items: o.any.map((v) => nodeFrom(v, subjects)) };
  }
  if (typeof value === 'string') return { kind: 'group', mode: 'all', items: [nodeFrom(value, subjects)] };
  return emptyGroup();
}

function nodeFrom(v: unknown, subjects: Subject[]): CriteriaNode {
  if (typeof v === 'string') return parseCondition(v, subjects);
  if (typeof v === 'number' || typeof v === 'boolean') return { kind: 'raw', text: String(v) };
  return criteriaFromYaml(v, subjects);
}

/** Every condition of a group (nested ones included) that is not complete yet, with its problem. */
export function groupProblems(g: Group, path = ''): { path: string; problem: string }[] {
  return g.items.flatMap((n, i) => {
    const at = `${path}${i}`;
    if (n.kind === 'group') return groupProblems(n, `${at}.`);
    if (n.kind === 'condition') {
      const p = conditionProblem(n);
      return p ? [{ path: at, problem: p }] : [];
    }
    return [];
  });
}

/** The units offered by the relative-date picker. */
export const UNITS = TIME_UNITS;
