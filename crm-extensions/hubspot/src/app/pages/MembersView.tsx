import React, { useEffect, useState } from 'react';
import { Button, ErrorState, Flex, Heading, LoadingSpinner, Select, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { MembersPage } from '../common/insights';
import { members } from '../common/insightsApi';
import { formatDate } from '../common/generated/format';
import { hubspotFetch, load, type Loaded } from '../common/loaded';

/** Who is in a cohort now, a page at a time, with the worker's default attributes. */
export function MembersView({ cohorts }: { cohorts: string[] }) {
  const [cohort, setCohort] = useState(cohorts[0] ?? '');
  const [page, setPage] = useState(1);
  const [state, setState] = useState<Loaded<MembersPage> | null>(null);
  useEffect(() => {
    if (cohort) load(members(hubspotFetch, cohort, page), setState);
  }, [cohort, page]);
  if (!cohorts.length) return null;
  const data = state?.kind === 'ready' ? state.data : null;
  const attributes = data?.rows[0] ? Object.keys(data.rows[0].attributes) : [];
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <Flex direction="column" gap="sm">
      <Heading>Cohort members</Heading>
      <Select name="cohort" label="Cohort" value={cohort} options={cohorts.map((c) => ({ label: c, value: c }))} onChange={(c) => { setCohort(String(c)); setPage(1); }} testId="members-cohort" />
      {state?.kind === 'loading' && <LoadingSpinner label="Loading members…" />}
      {state?.kind === 'error' && (
        <ErrorState title="Couldn't load the members">
          <Text>{state.message}</Text>
        </ErrorState>
      )}
      {data && (
        <>
          <Text testId="members-total">
            {data.total} members · page {data.page} of {pages}
          </Text>
          <Table bordered density="condensed" testId="members-table">
            <TableHead>
              <TableRow>
                <TableHeader>Id</TableHeader>
                <TableHeader>Member since</TableHeader>
                {attributes.map((a) => <TableHeader key={a}>{a}</TableHeader>)}
              </TableRow>
            </TableHead>
            <TableBody>
              {data.rows.map((m) => (
                <TableRow key={m.id}>
                  <TableCell>{m.id}</TableCell>
                  <TableCell>{formatDate(m.enteredAt)}</TableCell>
                  {attributes.map((a) => <TableCell key={a}>{m.attributes[a] ?? '—'}</TableCell>)}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Flex gap="xs">
            <Button size="xs" variant="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)} testId="members-prev">
              Previous
            </Button>
            <Button size="xs" variant="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)} testId="members-next">
              Next
            </Button>
          </Flex>
        </>
      )}
    </Flex>
  );
}
