import React, { useEffect, useState } from 'react';
import { Button, ErrorState, Flex, LoadingSpinner, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { AuditRow } from '../../common/admin';
import { listAudit } from '../../common/authoringApi';
import { hubspotFetch, load, type Loaded } from '../../common/loaded';
import { formatDateTime } from '../../common/time';

const PAGE = 25;

/** Every admin change (who, when, what), newest first, a page at a time (GET /api/admin/audit?before=ID). */
export function AuditLog() {
  const [pages, setPages] = useState<(number | null)[]>([null]);
  const [state, setState] = useState<Loaded<AuditRow[]>>({ kind: 'loading' });
  const before = pages[pages.length - 1];
  useEffect(() => load(listAudit(hubspotFetch, before, PAGE), setState), [before]);

  if (state.kind === 'loading') return <LoadingSpinner label="Loading the audit log…" />;
  if (state.kind === 'error')
    return (
      <ErrorState title="Couldn't load the audit log">
        <Text>{state.message}</Text>
      </ErrorState>
    );
  const rows = state.data;
  return (
    <Flex direction="column" gap="sm">
      {rows.length === 0 ? (
        <Text testId="no-audit">No changes recorded.</Text>
      ) : (
        <Table bordered density="condensed" testId="audit">
          <TableHead>
            <TableRow>
              <TableHeader>When</TableHeader>
              <TableHeader>Who</TableHeader>
              <TableHeader>Action</TableHeader>
              <TableHeader>What</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.id}>
                <TableCell>{formatDateTime(r.at)}</TableCell>
                <TableCell>{r.actor}</TableCell>
                <TableCell>{r.action}</TableCell>
                <TableCell>{r.subject}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Flex gap="xs">
        <Button size="xs" variant="secondary" disabled={pages.length === 1} onClick={() => setPages(pages.slice(0, -1))} testId="audit-newer">
          Newer
        </Button>
        <Button
          size="xs"
          variant="secondary"
          disabled={rows.length < PAGE}
          onClick={() => setPages([...pages, rows[rows.length - 1].id])}
          testId="audit-older"
        >
          Older
        </Button>
      </Flex>
    </Flex>
  );
}
