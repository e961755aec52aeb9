import React from 'react';
import { ErrorState, LoadingSpinner, StatusTag, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { CycleRun } from '../../common/admin';
import type { Loaded } from '../../common/loaded';
import { formatDateTime } from '../../common/time';

export function RunsTable({ state }: { state: Loaded<CycleRun[]> }) {
  if (state.kind === 'loading') return <LoadingSpinner label="Loading cycle history…" />;
  if (state.kind === 'error')
    return (
      <ErrorState title="Couldn't load the cycle history">
        <Text>{state.message}</Text>
      </ErrorState>
    );
  if (state.data.length === 0) return <Text testId="no-runs">No full cycle has run yet.</Text>;
  return (
    <Table bordered density="condensed" testId="runs">
      <TableHead>
        <TableRow>
          <TableHeader>Started</TableHeader>
          <TableHeader align="right">Duration</TableHeader>
          <TableHeader>Outcome</TableHeader>
          <TableHeader align="right">Entities</TableHeader>
          <TableHeader align="right">Transitions</TableHeader>
          <TableHeader align="right">Actions</TableHeader>
          <TableHeader align="right">Values written</TableHeader>
          <TableHeader>Error</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {state.data.map((r) => (
          <TableRow key={r.id}>
            <TableCell>{formatDateTime(r.startedAt)}</TableCell>
            <TableCell align="right">{r.durationSeconds.toFixed(1)} s</TableCell>
            <TableCell>
              <StatusTag variant={r.outcome === 'ok' ? 'success' : 'danger'} testId={`run-${r.id}`}>
                {r.outcome === 'ok' ? 'Completed' : 'Failed'}
              </StatusTag>
            </TableCell>
            <TableCell align="right">{r.entitiesEvaluated}</TableCell>
            <TableCell align="right">{r.transitions}</TableCell>
            <TableCell align="right">{r.actionsQueued}</TableCell>
            <TableCell align="right">{r.propertiesWritten}</TableCell>
            <TableCell>{r.error ?? ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
