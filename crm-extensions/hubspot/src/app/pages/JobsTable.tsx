import React, { useEffect, useState } from 'react';
import { ErrorState, Flex, Heading, LoadingSpinner, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { JobReport } from '../common/insights';
import { jobReport } from '../common/insightsApi';
import { formatPercent } from '../common/generated/format';
import { hubspotFetch, load, type Loaded } from '../common/loaded';

/** Job effectiveness: every run counts; which step came last before the goal; what the actions did. */
export function JobsTable({ jobs }: { jobs: string[] }) {
  const [state, setState] = useState<Loaded<JobReport[]>>({ kind: 'loading' });
  useEffect(() => load(Promise.all(jobs.map((j) => jobReport(hubspotFetch, j))), setState), [jobs.join(',')]);
  if (!jobs.length) return null;
  return (
    <Flex direction="column" gap="sm">
      <Heading>Job effectiveness</Heading>
      {state.kind === 'loading' && <LoadingSpinner label="Loading jobs…" />}
      {state.kind === 'error' && (
        <ErrorState title="Couldn't load the jobs">
          <Text>{state.message}</Text>
        </ErrorState>
      )}
      {state.kind === 'ready' && (
        <Table bordered density="condensed" testId="jobs-table">
          <TableHead>
            <TableRow>
              <TableHeader>Job</TableHeader>
              <TableHeader align="right">Runs</TableHeader>
              <TableHeader align="right">Goal met</TableHeader>
              <TableHeader align="right">Ran out</TableHeader>
              <TableHeader align="right">Active</TableHeader>
              <TableHeader align="right">Completion</TableHeader>
              <TableHeader align="right">Median days to goal</TableHeader>
              <TableHeader>Goal met after</TableHeader>
              <TableHeader>Actions sent / failed</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {state.data.map((j) => (
              <TableRow key={j.job}>
                <TableCell>{j.name}</TableCell>
                <TableCell align="right">{j.entered}</TableCell>
                <TableCell align="right">{j.completed}</TableCell>
                <TableCell align="right">{j.exited}</TableCell>
                <TableCell align="right">{j.active}</TableCell>
                <TableCell align="right">{formatPercent(j.completionRate)}</TableCell>
                <TableCell align="right">{j.daysToGoal.median === null ? '—' : j.daysToGoal.median.toFixed(1)}</TableCell>
                <TableCell>{j.completedAfter.map((s) => `${s.label}: ${s.completions}`).join(', ') || '—'}</TableCell>
                <TableCell>
                  {j.actions.sent} / {j.actions.failed}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Flex>
  );
}
