import React, { useEffect, useState } from 'react';
import { api, type AdminDefinition } from './api';
import { BarChart, Funnel, LineChart } from './charts';

interface RetentionItem {
  key: string;
  name: string;
  gapPoints: number | null;
  gapLowPoints: number | null;
  gapHighPoints: number | null;
}
interface Retention {
  outcome: string;
  organisations: number;
  unknown: number;
  ranked: RetentionItem[];
  notEnoughData: RetentionItem[];
}
interface FunnelReport {
  name: string;
  entered: number;
  completed: number;
  exited: number;
  active: number;
  objectives: Array<{ key: string; name: string; completed: number }>;
}
interface SignalReport {
  name: string;
  members: number;
  arrAtRisk: number | null;
  days: Array<{ day: string; members: number; arrAtRisk: number | null }>;
}

interface JobReport {
  name: string;
  entered: number;
  completed: number;
  exited: number;
  active: number;
  completionRate: number | null;
  daysToGoal: { count: number; median: number | null; mean: number | null };
  completedAfter: Array<{ step: number; label: string; completions: number }>;
  actions: { sent: number; failed: number; waiting: number; queued: number; done: number; skipped: number };
}

const days = (d: number | null): string => (d == null ? '–' : `${d.toFixed(1)} d`);

/** The retention-gap ranking, a stage funnel, job effectiveness and a signal's ARR at risk over time. */
export function InsightsView(): React.JSX.Element {
  const [definitions, setDefinitions] = useState<AdminDefinition[]>([]);
  const [outcome, setOutcome] = useState('');
  const [retention, setRetention] = useState<Retention | null>(null);
  const [funnel, setFunnel] = useState<FunnelReport | null>(null);
  const [signal, setSignal] = useState<SignalReport | null>(null);
  const [job, setJob] = useState<JobReport | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api<AdminDefinition[]>('/api/admin/definitions').then(setDefinitions, (e: Error) => setError(e.message));
  }, []);
  const cohorts = definitions.filter((d) => d.kind === 'cohort' && d.entity === 'organisation');
  const stages = definitions.filter((d) => d.kind === 'stage');
  const signals = definitions.filter((d) => d.kind === 'signal');
  const jobs = definitions.filter((d) => d.kind === 'job');
  const run = <T,>(path: string, set: (t: T) => void): void => {
    setError('');
    api<T>(path).then(set, (e: Error) => setError(e.message));
  };
  return (
    <section>
      <h2>Insights</h2>
      {error && <p className="error">{error}</p>}
      <h3>Retention gap</h3>
      <p>
        Retained when{' '}
        <input aria-label="outcome" value={outcome} placeholder='subscription_status = active' onChange={(e) => setOutcome(e.target.value)} />{' '}
        <button type="button" disabled={!outcome} onClick={() => run<Retention>(`/api/admin/insights/retention?outcome=${encodeURIComponent(outcome)}`, setRetention)}>
          Rank
        </button>{' '}
        or a member of{' '}
        <select aria-label="retained cohort" value="" onChange={(e) => run<Retention>(`/api/admin/insights/retention?retainedCohort=${encodeURIComponent(e.target.value)}`, setRetention)}>
          <option value="">cohort…</option>
          {cohorts.map((c) => (
            <option key={c.key} value={c.key}>{c.name}</option>
          ))}
        </select>
      </p>
      {retention && (
        <div data-testid="retention">
          <p>
            {retention.organisations} organisations with a known outcome ({retention.unknown} unknown). Gap in percentage points, with its 95% interval.
          </p>
          <BarChart unit="pts" bars={retention.ranked.map((r) => ({ label: r.name, value: r.gapPoints ?? 0, low: r.gapLowPoints, high: r.gapHighPoints }))} />
          {retention.notEnoughData.length > 0 && <p>Not enough data: {retention.notEnoughData.map((r) => r.name).join(', ')}</p>}
        </div>
      )}
      <h3>Stage funnel</h3>
      <select aria-label="stage" value="" onChange={(e) => run<FunnelReport>(`/api/admin/insights/funnel/${encodeURIComponent(e.target.value)}`, setFunnel)}>
        <option value="">stage…</option>
        {stages.map((s) => (
          <option key={s.key} value={s.key}>{s.name}</option>
        ))}
      </select>
      {funnel && (
        <div data-testid="funnel">
          <Funnel
            steps={[
              { label: 'entered', value: funnel.entered },
              ...funnel.objectives.map((o) => ({ label: o.name, value: o.completed })),
              { label: 'completed', value: funnel.completed },
              { label: 'exited', value: funnel.exited },
              { label: 'still in stage', value: funnel.active },
            ]}
          />
        </div>
      )}
      <h3>Job effectiveness</h3>
      <select aria-label="job" value="" onChange={(e) => run<JobReport>(`/api/admin/insights/jobs/${encodeURIComponent(e.target.value)}`, setJob)}>
        <option value="">job…</option>
        {jobs.map((j) => (
          <option key={j.key} value={j.key}>{j.name}</option>
        ))}
      </select>
      {job && (
        <table data-testid="job">
          <tbody>
            <tr><th>Runs entered</th><td>{job.entered}</td><th>Goal met</th><td>{job.completed}</td><th>Expired</th><td>{job.exited}</td><th>Active</th><td>{job.active}</td></tr>
            <tr>
              <th>Completion rate</th><td>{job.completionRate == null ? '–' : `${Math.round(job.completionRate * 100)}%`}</td>
              <th>Days to goal (median)</th><td>{days(job.daysToGoal.median)}</td>
              <th>Mean</th><td>{days(job.daysToGoal.mean)}</td>
              <th>Actions sent / failed / queued</th><td>{`${job.actions.sent} / ${job.actions.failed} / ${job.actions.queued}`}</td>
            </tr>
            {job.completedAfter.map((c) => (
              <tr key={c.step}><th>Goal met after {c.label}</th><td colSpan={7}>{c.completions}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Signal ARR at risk</h3>
      <select aria-label="signal" value="" onChange={(e) => run<SignalReport>(`/api/admin/insights/signals/${encodeURIComponent(e.target.value)}`, setSignal)}>
        <option value="">signal…</option>
        {signals.map((s) => (
          <option key={s.key} value={s.key}>{s.name}</option>
        ))}
      </select>
      {signal && (
        <div data-testid="signal">
          <p>
            {signal.members} members now; ARR at risk {signal.arrAtRisk?.toLocaleString() ?? '–'}.
          </p>
          <LineChart labels={signal.days.map((d) => d.day)} values={signal.days.map((d) => d.arrAtRisk ?? 0)} unit="ARR" />
        </div>
      )}
    </section>
  );
}
