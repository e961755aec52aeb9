// The builder's model and its YAML text. The builder emits only this fixed shape (one definition, nested all/any of
// one-line conditions), so a short emitter is enough; a YAML library would multiply the bundle for no gain. What
// the server parses is the text the admin sees in the YAML view, so the two never disagree.

export type Kind = 'cohort' | 'behaviour' | 'job';
export type Entity = 'organisation' | 'person';

export interface Condition {
  type: 'condition';
  attribute: string;
  operator: string;
  value: string;
}

export interface Group {
  type: 'group';
  mode: 'all' | 'any';
  items: Array<Condition | Group>;
}

export interface Draft {
  kind: Kind;
  key: string;
  name: string;
  entity: Entity;
  /** The cohort's criteria, the behaviour's or job's audience. */
  criteria: Group;
  /** The behaviour's completion or the job's goal (unused by a cohort). */
  completion: Group;
  /** A behaviour's time_limit or a job's duration, e.g. 14d (optional). */
  window: string;
}

export const emptyGroup = (mode: 'all' | 'any' = 'all'): Group => ({ type: 'group', mode, items: [] });

export const newDraft = (kind: Kind = 'cohort'): Draft => ({
  kind,
  key: '',
  name: '',
  entity: 'organisation',
  criteria: emptyGroup(),
  completion: emptyGroup(),
  window: '',
});

/** Operators that take no value (the condition is complete after the operator). */
const noValue = new Set(['has any value', 'has no value', 'occurred', 'has not occurred']);

export const needsValue = (operator: string): boolean => !noValue.has(operator);

/** One condition as a line of the criteria language, e.g. `plan in [Premium, Enterprise]`. */
export function conditionText(c: Condition): string {
  const value = c.value.trim();
  if (!needsValue(c.operator)) return `${c.attribute} ${c.operator}`;
  if (c.operator.includes('N')) return `${c.attribute} ${c.operator.replace('N', value)}`;
  if ((c.operator === 'in' || c.operator === 'not in') && !value.startsWith('[')) {
    return `${c.attribute} ${c.operator} [${value}]`;
  }
  return `${c.attribute} ${c.operator} ${value}`;
}

/** A YAML double-quoted scalar: conditions hold `[`, `,`, `:` or `#`, which plain scalars cannot always carry. */
export const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function groupLines(g: Group, indent: string): string[] {
  const lines = [`${indent}${g.mode}:`];
  if (g.items.length === 0) return [`${indent}${g.mode}: []`];
  for (const item of g.items) {
    if (item.type === 'condition') {
      lines.push(`${indent}  - ${quote(conditionText(item))}`);
    } else {
      const inner = groupLines(item, `${indent}    `);
      lines.push(`${indent}  - ${inner[0].trimStart()}`, ...inner.slice(1));
    }
  }
  return lines;
}

const section: Record<Kind, string> = { cohort: 'cohorts', behaviour: 'behaviours', job: 'jobs' };

/** The definitions document for a draft: what the YAML view shows and what apply receives. */
export function toYaml(d: Draft): string {
  const out = [`${section[d.kind]}:`, `  - key: ${d.key}`];
  if (d.name.trim()) out.push(`    name: ${quote(d.name.trim())}`);
  out.push(`    entity: ${d.entity}`);
  const criteriaKey = d.kind === 'cohort' ? 'criteria' : 'audience';
  out.push(`    ${criteriaKey}:`, ...groupLines(d.criteria, '      '));
  if (d.kind === 'behaviour' && d.completion.items.length > 0) {
    out.push('    completion:', ...groupLines(d.completion, '      '));
  }
  if (d.kind === 'job') out.push('    goal:', ...groupLines(d.completion, '      '));
  if (d.window.trim()) out.push(`    ${d.kind === 'job' ? 'duration' : 'time_limit'}: ${d.window.trim()}`);
  return out.join('\n') + '\n';
}
