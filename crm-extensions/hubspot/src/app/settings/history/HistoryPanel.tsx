import React, { useEffect, useState } from 'react';
import { Button, ErrorState, Flex, Heading, LoadingSpinner, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { AuthoringResult, VersionRow } from '../../common/admin';
import { listVersions, rollback } from '../../common/authoringApi';
import { errorMessage, hubspotFetch, load, type Loaded } from '../../common/loaded';
import { formatDateTime } from '../../common/time';
import { DuplicateForm } from './DuplicateForm';

/** An authored definition's versions (who, when, the diff), rollback to any earlier one, and duplicate as new. */
export function HistoryPanel(props: { definitionKey: string; onDone: (r: AuthoringResult, message: string) => void; onError: (message: string) => void; onClose: () => void }) {
  const key = props.definitionKey;
  const [state, setState] = useState<Loaded<VersionRow[]>>({ kind: 'loading' });
  const [busy, setBusy] = useState<number | null>(null);
  const reload = () => load(listVersions(hubspotFetch, key), setState);
  useEffect(reload, [key]);

  const roll = (v: number) => {
    setBusy(v);
    rollback(hubspotFetch, key, v)
      .then((o) => {
        if (o.kind === 'ok') {
          props.onDone(o.result, `${key} rolled back to version ${v} (now set version ${o.result.setVersion}).`);
          reload();
        } else props.onError(o.kind === 'invalid' ? o.errors.map((e) => e.message).join('; ') || o.message : o.message);
      }, (e: unknown) => props.onError(errorMessage(e)))
      .finally(() => setBusy(null));
  };

  return (
    <Flex direction="column" gap="md">
      <Heading>History of {key}</Heading>
      {state.kind === 'loading' && <LoadingSpinner label="Loading versions…" />}
      {state.kind === 'error' && (
        <ErrorState title="Couldn't load the history">
          <Text>{state.message}</Text>
        </ErrorState>
      )}
      {state.kind === 'ready' && (
        <Table bordered density="condensed" testId="versions">
          <TableHead>
            <TableRow>
              <TableHeader>Version</TableHeader>
              <TableHeader>When</TableHeader>
              <TableHeader>Who</TableHeader>
              <TableHeader>Action</TableHeader>
              <TableHeader>Diff</TableHeader>
              <TableHeader> </TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {state.data.map((v, i) => (
              <TableRow key={v.setVersion}>
                <TableCell>{v.setVersion}</TableCell>
                <TableCell>{formatDateTime(v.at)}</TableCell>
                <TableCell>{v.actor}</TableCell>
                <TableCell>{v.retired ? `${v.action} (retired)` : v.action}</TableCell>
                <TableCell>
                  {v.diff.split('\n').filter(Boolean).map((line, j) => (
                    <Text key={j} variant="microcopy">
                      {line}
                    </Text>
                  ))}
                </TableCell>
                <TableCell>
                  {i === 0 ? (
                    <Text variant="microcopy">current</Text>
                  ) : (
                    <Button size="xs" variant="secondary" disabled={busy !== null} onClick={() => roll(v.setVersion)} testId={`rollback-${v.setVersion}`}>
                      Roll back to this
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <DuplicateForm definitionKey={key} onDone={props.onDone} onError={props.onError} />
      <Button variant="secondary" onClick={props.onClose} testId="close-history">
        Back to the list
      </Button>
    </Flex>
  );
}
