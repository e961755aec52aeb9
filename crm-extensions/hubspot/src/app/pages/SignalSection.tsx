import React, { useEffect, useState } from 'react';
import { ErrorState, Flex, Heading, LineChart, LoadingSpinner, Select, Text } from '@hubspot/ui-extensions';
import type { SignalHistoryReport } from '../common/insights';
import { signalHistory } from '../common/insightsApi';
import { hubspotFetch, load, type Loaded } from '../common/loaded';
import { arrAtRiskPoints } from './chartData';

/** A signal's ARR at risk over time, from its daily snapshots. */
export function SignalSection({ signals }: { signals: string[] }) {
  const [signal, setSignal] = useState(signals[0] ?? '');
  const [state, setState] = useState<Loaded<SignalHistoryReport> | null>(null);
  useEffect(() => {
    if (signal) load(signalHistory(hubspotFetch, signal), setState);
  }, [signal]);
  if (!signals.length) return null;
  const points = state?.kind === 'ready' ? arrAtRiskPoints(state.data) : [];
  return (
    <Flex direction="column" gap="sm">
      <Heading>ARR at risk</Heading>
      <Select name="signal" label="Signal" value={signal} options={signals.map((s) => ({ label: s, value: s }))} onChange={(s) => setSignal(String(s))} testId="signal-key" />
      {state?.kind === 'loading' && <LoadingSpinner label="Loading the signal history…" />}
      {state?.kind === 'error' && (
        <ErrorState title="Couldn't load the signal history">
          <Text>{state.message}</Text>
        </ErrorState>
      )}
      {state?.kind === 'ready' && points.length === 0 && (
        <Text testId="signal-empty">No snapshot yet: Trig records ARR at risk once a day (Trig:Schedule:SignalSnapshot).</Text>
      )}
      {points.length > 0 && (
        <LineChart
          data={points}
          axes={{ x: { field: 'day', fieldType: 'datetime', label: 'Day' }, y: { field: 'arrAtRisk', fieldType: 'linear', label: 'ARR at risk' } }}
          options={{ title: `${state?.kind === 'ready' ? state.data.name : signal}: ARR at risk`, showTooltips: true }}
          testId="signal-chart"
        />
      )}
    </Flex>
  );
}
