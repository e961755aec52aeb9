// The definition form model (behaviour, cohort, stage with objectives, job, signal) and its YAML document in
// the definitions-file format, both ways. Keys the form does not model are kept in `extra` and written back.
import { parseDocument, stringify } from 'yaml';
import { actionFromYaml, actionProblem, actionToYaml, type Action } from './actions';
import { criteriaFromYaml, criteriaToYaml, groupProblems, type Group, type Subject } from './criteria';

export type DraftKind = 'behaviour' | 'cohort' | 'stage' | 'job' | 'signal';
export type Entity = 'organisation' | 'person';

export const SECTIONS: Record<DraftKind, string> = {
  behaviour: 'behaviours',
  cohort: 'cohorts',
  stage: 'stages',
  job: 'jobs',
  signal: 'signals',
};

export interface FollowUp {
  after: string;
  actions: Action[];
}

export interface ObjectiveDraft {
  key: string;
  name: string;
  audience: Group | null;
  completion: Group | null;
  timeLimit: string;
  extra: Record<string, unknown>;
}

export interface Draft {
  kind: DraftKind;
  key: string;
  name: string;
  entity: Entity;
  description: string;
  /** Behaviour, stage and job: who enters. Cohort: its criteria. */
  audience: Group | null;
  /** Behaviour: completion. Job: goal. Stage: complete_when. */
  completion: Group | null;
  /** Behaviour: time_limit. Job: duration. Stage: exit.after. */
  timeLimit: string;
  /** Stage: exit.when. */
  exitWhen: Group | null;
  reentry: boolean;
  followUps: FollowUp[];
  objectives: ObjectiveDraft[];
  signal: { stage: string; factor: number | null; minCompletions: number | null; arrAttribute: string };
  onEntry: Action[];
  onComplete: Action[];
  onExit: Action[];
  extra: Record<string, unknown>;
}

export function newDraft(kind: DraftKind): Draft {
  return {
    kind,
    key: '',
    name: '',
    entity: 'organisation',
    description: '',
    audience: kind === 'cohort' ? { kind: 'group', mode: 'all', items: [] } : null,
    completion: kind === 'job' ? { kind: 'group', mode: 'all', items: [] } : null,
    timeLimit: kind === 'job' ? '14d' : '',
    exitWhen: null,
    reentry: true,
    followUps: [],
    objectives: [],
    signal: { stage: '', factor: 1.5, minCompletions: 10, arrAttribute: '' },
    onEntry: [],
    onComplete: [],
    onExit: [],
    extra: {},
  };
}

/** Which parts of the form a kind has (and which YAML keys they are written to). */
export const FIELDS = {
  audienceKey: (k: DraftKind) => (k === 'cohort' ? 'criteria' : 'audience'),
  completionKey: (k: DraftKind) => (k === 'job' ? 'goal' : k === 'stage' ? 'complete_when' : 'completion'),
  timeKey: (k: DraftKind) => (k === 'job' ? 'duration' : k === 'stage' ? 'exit.after' : 'time_limit'),
  hasCompletion: (k: DraftKind) => k === 'behaviour' || k === 'job' || k === 'stage',
  hasOnComplete: (k: DraftKind) => k !== 'cohort' && k !== 'signal',
};

const DURATION = /^\d+\s*(m|min|h|d|w)$/;
const KEY = /^[a-z][a-z0-9_]*$/;

/** Problems the form can see before the server validates the whole set (the server has the last word). */
export function draftProblems(d: Draft): string[] {
  const p: string[] = [];
  if (!KEY.test(d.key)) p.push('key: lower snake case, starting with a letter (e.g. first_strike_moment)');
  if (d.timeLimit && !DURATION.test(d.timeLimit)) p.push(`${FIELDS.timeKey(d.kind)}: a duration such as 7d, 12h or 2w`);
  if (d.kind === 'job' && (!d.completion || d.completion.items.length === 0)) p.push('goal: a job needs a goal');
  if (d.kind === 'signal' && !d.signal.stage) p.push('stage: a signal watches a stage');
  const blocks = [[FIELDS.audienceKey(d.kind), d.audience], [FIELDS.completionKey(d.kind), d.completion], ['exit.when', d.exitWhen]] as const;
  for (const [label, g] of blocks)
    if (g) for (const x of groupProblems(g)) p.push(`${label} condition ${x.path}: ${x.problem}`);
  d.followUps.forEach((f, i) => {
    if (!DURATION.test(f.after)) p.push(`follow-up ${i + 1}: after is a duration such as 3d`);
  });
  const actions = [...d.onEntry, ...d.onComplete, ...d.onExit, ...d.followUps.flatMap((f) => f.actions)];
  for (const a of actions) {
    const problem = actionProblem(a);
    if (problem) p.push(`${a.type} action: ${problem}`);
  }
  d.objectives.forEach((o) => {
    if (!KEY.test(o.key)) p.push(`objective '${o.key}': lower snake case key`);
  });
  return p;
}

const actionsYaml = (list: Action[]) => list.map(actionToYaml);

function objectiveYaml(o: ObjectiveDraft): Record<string, unknown> {
  const y: Record<string, unknown> = { key: o.key };
  if (o.name) y.name = o.name;
  if (o.audience && o.audience.items.length) y.audience = criteriaToYaml(o.audience);
  if (o.completion) y.completion = criteriaToYaml(o.completion);
  if (o.timeLimit) y.time_limit = o.timeLimit;
  return { ...y, ...o.extra };
}

/** The definition as one item of its section. */
export function draftItem(d: Draft): Record<string, unknown> {
  const y: Record<string, unknown> = { key: d.key };
  if (d.name) y.name = d.name;
  if (d.description) y.description = d.description;
  if (d.kind !== 'signal') y.entity = d.entity;
  if (d.kind === 'signal') {
    y.type = 'slow_completers';
    y.stage = d.signal.stage;
    if (d.signal.factor !== null) y.factor = d.signal.factor;
    if (d.signal.minCompletions !== null) y.min_completions = d.signal.minCompletions;
    if (d.signal.arrAttribute) y.arr_attribute = d.signal.arrAttribute;
    return { ...y, ...d.extra };
  }
  if (d.audience && (d.kind === 'cohort' || d.audience.items.length)) y[FIELDS.audienceKey(d.kind)] = criteriaToYaml(d.audience);
  if (d.kind === 'job' && !d.reentry) y.reentry = false;
  if (FIELDS.hasCompletion(d.kind) && d.completion && (d.kind !== 'stage' || d.completion.items.length))
    y[FIELDS.completionKey(d.kind)] = criteriaToYaml(d.completion);
  if (d.kind === 'stage') {
    const exit: Record<string, unknown> = {};
    if (d.timeLimit) exit.after = d.timeLimit;
    if (d.exitWhen && d.exitWhen.items.length) exit.when = criteriaToYaml(d.exitWhen);
    if (Object.keys(exit).length) y.exit = exit;
    y.objectives = d.objectives.map(objectiveYaml);
  } else if (d.timeLimit) {
    y[FIELDS.timeKey(d.kind)] = d.timeLimit;
  }
  if (d.onEntry.length) y.on_entry = actionsYaml(d.onEntry);
  if (d.kind === 'job' && d.followUps.length)
    y.follow_ups = d.followUps.map((f) => ({ after: f.after, actions: actionsYaml(f.actions) }));
  if (FIELDS.hasOnComplete(d.kind) && d.onComplete.length) y.on_complete = actionsYaml(d.onComplete);
  if (d.onExit.length) y.on_exit = actionsYaml(d.onExit);
  return { ...y, ...d.extra };
}

/** The definitions document the apply endpoint takes, for this one definition. */
export function draftToYaml(d: Draft): string {
  return stringify({ [SECTIONS[d.kind]]: [draftItem(d)] }, { lineWidth: 0 });
}

export interface YamlError {
  line: number;
  column: number;
  message: string;
}

export type ParsedDraft = { ok: true; draft: Draft } | { ok: false; errors: YamlError[] };

const MODELLED: Record<DraftKind, string[]> = {
  behaviour: ['audience', 'completion', 'time_limit', 'on_entry', 'on_complete', 'on_exit'],
  cohort: ['criteria', 'audience', 'on_entry', 'on_exit'],
  stage: ['audience', 'complete_when', 'exit', 'objectives', 'on_entry', 'on_complete', 'on_exit'],
  job: ['audience', 'goal', 'duration', 'reentry', 'follow_ups', 'on_entry', 'on_complete', 'on_exit'],
  signal: ['type', 'stage', 'factor', 'min_completions', 'arr_attribute'],
};
const COMMON = ['key', 'name', 'entity', 'description'];

const rest = (o: Record<string, unknown>, known: string[]) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !known.includes(k)));
const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const list = (v: unknown) => (Array.isArray(v) ? v.map(actionFromYaml) : []);
const entityOf = (v: unknown): Entity => (v === 'person' || v === 'people' ? 'person' : 'organisation');

/** Reads a document of one definition (the first of its first section) into the form; syntax errors at their line. */
export function draftFromYaml(source: string, subjectsFor: (e: Entity) => Subject[]): ParsedDraft {
  const doc = parseDocument(source);
  if (doc.errors.length)
    return {
      ok: false,
      errors: doc.errors.map((e) => ({ line: e.linePos?.[0].line ?? 1, column: e.linePos?.[0].col ?? 1, message: e.message.split('\n')[0] })),
    };
  const root = doc.toJS() as Record<string, unknown> | null;
  const entry = Object.entries(SECTIONS).find(([, s]) => Array.isArray(root?.[s]) || (s === 'behaviours' && Array.isArray(root?.behaviors)));
  if (!root || !entry) return { ok: false, errors: [{ line: 1, column: 1, message: 'expected a section: behaviours, cohorts, stages, jobs or signals' }] };
  const kind = entry[0] as DraftKind;
  const items = (root[entry[1]] ?? root.behaviors) as Record<string, unknown>[];
  const item = items[0];
  if (!item || typeof item !== 'object') return { ok: false, errors: [{ line: 1, column: 1, message: `${entry[1]} is empty` }] };
  const d = newDraft(kind);
  d.key = text(item.key);
  d.name = text(item.name);
  d.description = text(item.description);
  d.entity = entityOf(item.entity);
  const subjects = subjectsFor(d.entity);
  const group = (v: unknown) => (v === undefined ? null : criteriaFromYaml(v, subjects));
  d.extra = rest(item, [...COMMON, ...MODELLED[kind]]);
  d.onEntry = list(item.on_entry);
  d.onComplete = list(item.on_complete);
  d.onExit = list(item.on_exit);
  switch (kind) {
    case 'signal':
      d.signal = {
        stage: text(item.stage),
        factor: typeof item.factor === 'number' ? item.factor : null,
        minCompletions: typeof item.min_completions === 'number' ? item.min_completions : null,
        arrAttribute: text(item.arr_attribute),
      };
      break;
    case 'cohort':
      d.audience = group(item.criteria ?? item.audience) ?? criteriaFromYaml([], subjects);
      break;
    case 'stage': {
      d.audience = group(item.audience);
      d.completion = group(item.complete_when);
      const exit = (item.exit ?? {}) as Record<string, unknown>;
      d.timeLimit = text(exit.after);
      d.exitWhen = group(exit.when);
      d.objectives = (Array.isArray(item.objectives) ? item.objectives : []).map((o: Record<string, unknown>) => ({
        key: text(o.key),
        name: text(o.name),
        audience: o.audience === undefined ? null : criteriaFromYaml(o.audience, subjects),
        completion: o.completion === undefined ? null : criteriaFromYaml(o.completion, subjects),
        timeLimit: text(o.time_limit),
        extra: rest(o, ['key', 'name', 'audience', 'completion', 'time_limit']),
      }));
      break;
    }
    case 'job':
      d.audience = group(item.audience);
      d.completion = group(item.goal);
      d.timeLimit = text(item.duration);
      d.reentry = item.reentry !== false;
      d.followUps = (Array.isArray(item.follow_ups) ? item.follow_ups : []).map((f: Record<string, unknown>) => ({
        after: text(f.after),
        actions: list(f.actions),
      }));
      break;
    default:
      d.audience = group(item.audience);
      d.completion = group(item.completion);
      d.timeLimit = text(item.time_limit);
  }
  return { ok: true, draft: d };
}
