// The insights calls of the admin API (docs/insights.md): retention gap, stage funnel, job effectiveness,
// signal history, and a definition's members, paged.
import type { FunnelReport, JobReport, MembersPage, RetentionReport, SignalHistoryReport } from './insights';
import { getJson, type Fetcher } from './trigApi';

const enc = encodeURIComponent;

/** The outcome that marks an organisation retained: a criteria condition or a cohort (docs/insights.md). */
export type RetentionOutcome = { outcome: string } | { retainedCohort: string } | { churnedCohort: string };

export function retention(f: Fetcher, o: RetentionOutcome, within: string | null) {
  const [name, value] = Object.entries(o)[0];
  const w = within ? `&within=${enc(within)}` : '';
  return getJson<RetentionReport>(f, `/api/admin/insights/retention?${name}=${enc(value)}${w}`, 'Loading the retention gap');
}

export const funnel = (f: Fetcher, stage: string) =>
  getJson<FunnelReport>(f, `/api/admin/insights/funnel/${enc(stage)}`, `Loading the funnel of ${stage}`);

export const jobReport = (f: Fetcher, key: string) =>
  getJson<JobReport>(f, `/api/admin/insights/jobs/${enc(key)}`, `Loading job ${key}`);

export const signalHistory = (f: Fetcher, key: string) =>
  getJson<SignalHistoryReport>(f, `/api/admin/insights/signals/${enc(key)}`, `Loading signal ${key}`);

export const members = (f: Fetcher, key: string, page: number) =>
  getJson<MembersPage>(f, `/api/admin/definitions/${enc(key)}/members?page=${page}`, `Loading the members of ${key}`);
