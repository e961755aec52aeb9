import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { draftFromYaml, draftProblems, draftToYaml, newDraft, type Draft } from '../../src/app/settings/model/definition';
import type { Subject } from '../../src/app/settings/model/criteria';

const subjects: Subject[] = [
  { name: 'sign_up_date', type: 'datetime' },
  { name: 'first_project_created', type: 'number' },
  { name: 'plan', type: 'string' },
  { name: 'login', type: 'event' },
];
const subjectsFor = () => subjects;

const jobYaml = `jobs:
  - key: onboarding_nudge
    name: Onboarding nudge
    entity: person
    audience:
      - sign_up_date within last 7 days
      - first_project_created = 0
    reentry: false
    goal:
      - first_project_created >= 1
    duration: 10d
    on_entry:
      - email:
          subject: Your first project
          body: Hi {first_name}, start here
    follow_ups:
      - after: 3d
        actions:
          - slack:
              to: owner
              text: "{name} has not started yet"
    on_exit:
      - route_to: onboarding_stalled
`;

describe('definition draft <-> YAML', () => {
  it('reads a job with goal, duration, re-entry, follow-ups and route_to into the form and writes it back the same', () => {
    const parsed = draftFromYaml(jobYaml, subjectsFor);
    expect(parsed.ok).toBe(true);
    const d = (parsed as { ok: true; draft: Draft }).draft;
    expect(d).toMatchObject({ kind: 'job', key: 'onboarding_nudge', entity: 'person', reentry: false, timeLimit: '10d' });
    expect(d.followUps).toEqual([{ after: '3d', actions: [{ type: 'slack', target: 'owner', channel: '', text: '{name} has not started yet' }] }]);
    expect(d.onExit).toEqual([{ type: 'route_to', job: 'onboarding_stalled' }]);
    expect(d.completion?.items[0]).toMatchObject({ subject: 'first_project_created', op: '>=', value: { kind: 'number', value: 1 } });
    expect(parse(draftToYaml(d))).toEqual(parse(jobYaml));
    expect(draftProblems(d)).toEqual([]);
  });

  it('writes a stage with objectives and exit, and a signal', () => {
    const stage = newDraft('stage');
    stage.key = 'onboarding';
    stage.timeLimit = '30d';
    stage.objectives = [{ key: 'created_first_project', name: '', audience: null, completion: { kind: 'group', mode: 'all', items: [{ kind: 'raw', text: 'projects_created >= 1' }] }, timeLimit: '7d', extra: {} }];
    expect(parse(draftToYaml(stage))).toEqual({
      stages: [{ key: 'onboarding', entity: 'organisation', exit: { after: '30d' }, objectives: [{ key: 'created_first_project', completion: ['projects_created >= 1'], time_limit: '7d' }] }],
    });
    const signal = newDraft('signal');
    signal.key = 'slow_onboarding';
    signal.signal = { stage: 'onboarding', factor: 2, minCompletions: 10, arrAttribute: 'arr' };
    expect(parse(draftToYaml(signal))).toEqual({
      signals: [{ key: 'slow_onboarding', type: 'slow_completers', stage: 'onboarding', factor: 2, min_completions: 10, arr_attribute: 'arr' }],
    });
  });

  it('keeps keys the form does not model', () => {
    const parsed = draftFromYaml('cohorts:\n  - key: power\n    status: paused\n    criteria: [ plan = Premium ]\n', subjectsFor);
    const d = (parsed as { ok: true; draft: Draft }).draft;
    expect(d.extra).toEqual({ status: 'paused' });
    expect(parse(draftToYaml(d))).toEqual({ cohorts: [{ key: 'power', entity: 'organisation', criteria: ['plan = Premium'], status: 'paused' }] });
  });

  it('reports a YAML syntax error at its line and column', () => {
    const parsed = draftFromYaml('behaviours:\n  - key: x\n    audience: [ a = 1\n', subjectsFor);
    expect(parsed.ok).toBe(false);
    const errors = (parsed as { ok: false; errors: { line: number }[] }).errors;
    expect(errors[0].line).toBeGreaterThanOrEqual(3);
  });

  it('names what the form still lacks', () => {
    const job = newDraft('job');
    job.key = 'Bad Key';
    job.timeLimit = 'ten days';
    job.onEntry = [{ type: 'webhook', url: 'not a url', secret: '', attributes: [] }];
    expect(draftProblems(job)).toEqual([
      'key: lower snake case, starting with a letter (e.g. first_strike_moment)',
      'duration: a duration such as 7d, 12h or 2w',
      'goal: a job needs a goal',
      'webhook action: enter an absolute http(s) URL',
    ]);
  });
});
