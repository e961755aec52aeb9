import React, { useEffect, useState } from 'react';
import { BarChart, Button, ErrorState, Flex, Heading, Input, LoadingSpinner, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import { RETENTION_OUTCOME, RETENTION_WITHIN } from '../config';
import type { RetentionReport } from '../common/insights';
import { retention } from '../common/insightsApi';
import { formatPercent } from '../common/generated/format';
import { hubspotFetch, load, type Loaded } from '../common/loaded';
import { retentionBars } from './chartData';

const points = (n: number | null) => (n === null ? '—' : `${n > 0 ? '+' : ''}${n.toFixed(1)} pts`);

/** Which behaviours and objectives separate retained organisations from the rest, ranked by retention gap. */
export function RetentionSection() {
  const [outcome, setOutcome] = useState(RETENTION_OUTCOME);
  const [within, setWithin] = useState(RETENTION_WITHIN);
  const [state, setState] = useState<Loaded<RetentionReport>>({ kind: 'loading' });
  const run = () => load(retention(hubspotFetch, { outcome }, within.trim() || null), setState);
  useEffect(run, []);

  return (
    <Flex direction="column" gap="sm">
      <Heading>Retention gap</Heading>
      <Flex gap="xs" align="end">
        <Input name="outcome" label="Retained when" value={outcome} onChange={setOutcome} testId="retention-outcome" />
        <Input name="within" label="Done within" placeholder="7d" value={within} onChange={setWithin} testId="retention-within" />
        <Button onClick={run} testId="retention-run">
          Rank
        </Button>
      </Flex>
      {state.kind === 'loading' && <LoadingSpinner label="Ranking behaviours…" />}
      {state.kind === 'error' && (
        <ErrorState title="Couldn't rank the retention gap">
          <Text>{state.message}</Text>
        </ErrorState>
      )}
      {state.kind === 'ready' && <RetentionResult r={state.data} />}
    </Flex>
  );
}

function RetentionResult({ r }: { r: RetentionReport }) {
  const bars = retentionBars(r);
  return (
    <Flex direction="column" gap="sm">
      <Text variant="microcopy">
        {r.outcome}: {r.retained} of {r.organisations} organisations retained{r.unknown ? `, ${r.unknown} unknown` : ''}.
      </Text>
      {bars.length === 0 ? (
        <Text testId="retention-empty">Not enough data yet: every item needs {r.minGroupSize} doers and {r.minGroupSize} non-doers.</Text>
      ) : (
        <BarChart
          data={bars}
          axes={{ x: { field: 'item', fieldType: 'category', label: 'Behaviour or objective' }, y: { field: 'gap', fieldType: 'linear', label: 'Retention gap (points)' } }}
          options={{ title: 'Retention gap of doers over non-doers', showDataLabels: true, showTooltips: true }}
          testId="retention-chart"
        />
      )}
      {r.ranked.length > 0 && (
        <Table density="condensed" testId="retention-table">
          <TableHead>
            <TableRow>
              <TableHeader>Item</TableHeader>
              <TableHeader align="right">Doers retained</TableHeader>
              <TableHeader align="right">Non-doers retained</TableHeader>
              <TableHeader align="right">Gap</TableHeader>
              <TableHeader align="right">95% interval</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {r.ranked.map((i) => (
              <TableRow key={i.key}>
                <TableCell>{i.name}</TableCell>
                <TableCell align="right">{formatPercent(i.doerRetention)} of {i.doers}</TableCell>
                <TableCell align="right">{formatPercent(i.nonDoerRetention)} of {i.nonDoers}</TableCell>
                <TableCell align="right">{points(i.gapPoints)}</TableCell>
                <TableCell align="right">
                  {points(i.gapLowPoints)} to {points(i.gapHighPoints)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Flex>
  );
}
