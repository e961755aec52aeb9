import React, { useEffect, useState } from 'react';
import { BarChart, ErrorState, Flex, Heading, LoadingSpinner, Select, Statistics, StatisticsItem, Text } from '@hubspot/ui-extensions';
import type { FunnelReport } from '../common/insights';
import { funnel } from '../common/insightsApi';
import { formatPercent } from '../common/generated/format';
import { hubspotFetch, load, type Loaded } from '../common/loaded';
import { funnelBars } from './chartData';

const days = (n: number | null) => (n === null ? '—' : n.toFixed(1));

/** How organisations move through a stage and its objectives. */
export function FunnelSection({ stages }: { stages: string[] }) {
  const [stage, setStage] = useState(stages[0] ?? '');
  const [state, setState] = useState<Loaded<FunnelReport> | null>(null);
  useEffect(() => {
    if (stage) load(funnel(hubspotFetch, stage), setState);
  }, [stage]);
  if (!stages.length) return null;
  return (
    <Flex direction="column" gap="sm">
      <Heading>Stage funnel</Heading>
      <Select name="stage" label="Stage" value={stage} options={stages.map((s) => ({ label: s, value: s }))} onChange={(s) => setStage(String(s))} testId="funnel-stage" />
      {state?.kind === 'loading' && <LoadingSpinner label="Loading the funnel…" />}
      {state?.kind === 'error' && (
        <ErrorState title="Couldn't load the funnel">
          <Text>{state.message}</Text>
        </ErrorState>
      )}
      {state?.kind === 'ready' && (
        <>
          <Statistics testId="funnel-stats">
            <StatisticsItem label="Still in the stage" number={String(state.data.active)} />
            <StatisticsItem label="Completion rate" number={formatPercent(state.data.completionRate)} />
            <StatisticsItem label="Median days to complete" number={days(state.data.daysToComplete.median)} />
          </Statistics>
          <BarChart
            data={funnelBars(state.data)}
            axes={{ x: { field: 'step', fieldType: 'category', label: 'Step' }, y: { field: 'organisations', fieldType: 'linear', label: 'Organisations' } }}
            options={{ title: `${state.data.name} funnel`, showDataLabels: true }}
            testId="funnel-chart"
          />
        </>
      )}
    </Flex>
  );
}
