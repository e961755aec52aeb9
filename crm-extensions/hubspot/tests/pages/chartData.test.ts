import { describe, expect, it } from 'vitest';
import { arrAtRiskPoints, funnelBars, retentionBars } from '../../src/app/pages/chartData';
import { funnelReport, retentionReport, signalReport } from './insightsFixtures';

describe('chart data', () => {
  it('keeps the ranking order, skips items without a gap, rounds to a tenth and stops at top', () => {
    const ranked = [...retentionReport.ranked, { ...retentionReport.ranked[1], key: 'x', name: 'No gap', gapPoints: null }];
    expect(retentionBars({ ...retentionReport, ranked })).toEqual([
      { item: 'Invited a team member (onboarding)', gap: 55 },
      { item: 'First Strike Moment', gap: 12.5 },
    ]);
    expect(retentionBars(retentionReport, 1)).toHaveLength(1);
  });

  it('puts the stage entry first and its completion last, objectives between in their order', () => {
    expect(funnelBars(funnelReport).map((b) => b.step)).toEqual(['Entered stage', 'Created first project', 'Invited a team member', 'Completed stage']);
  });

  it('charts only the days with a snapshot', () => {
    expect(arrAtRiskPoints(signalReport).map((p) => p.day)).toEqual(['2026-11-21', '2026-11-23']);
  });
});
