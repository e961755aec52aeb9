// Insights reports -> the rows HubSpot's charts take (one flat object per bar or point). Pure, unit tested.
import type { FunnelReport, RetentionReport, SignalHistoryReport } from '../common/insights';

/** The retention-gap ranking, largest gap first (as ranked): one bar per behaviour or objective, in points. */
export function retentionBars(r: RetentionReport, top = 10) {
  return r.ranked
    .filter((i) => i.gapPoints !== null)
    .slice(0, top)
    .map((i) => ({ item: i.stage ? `${i.name} (${i.stage})` : i.name, gap: round1(i.gapPoints!) }));
}

/**
 * The stage funnel: organisations that entered the stage, then those that completed each objective, then those
 * that completed the stage.
 */
export function funnelBars(f: FunnelReport) {
  return [
    { step: 'Entered stage', organisations: f.entered },
    ...f.objectives.map((o) => ({ step: o.name, organisations: o.completed })),
    { step: 'Completed stage', organisations: f.completed },
  ];
}

/** ARR at risk on the days a snapshot recorded it (ARR cannot be rebuilt for other days). */
export function arrAtRiskPoints(s: SignalHistoryReport) {
  return s.days.filter((d) => d.arrAtRisk !== null).map((d) => ({ day: d.day, arrAtRisk: d.arrAtRisk! }));
}

const round1 = (n: number) => Math.round(n * 10) / 10;
