import React from 'react';
import {
  Button,
  Checkbox,
  ErrorState,
  Flex,
  LoadingSpinner,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import type { FailedAction } from '../../common/admin';
import { formatDate } from '../../common/generated/format';
import type { Loaded } from '../../common/loaded';

/** Dead-lettered actions, each retryable, or several at once (the selected ones, or all). */
export function FailedActionsTable(props: {
  state: Loaded<FailedAction[]>;
  selected: number[];
  onSelect: (id: number, on: boolean) => void;
  onRetry: (ids: number[]) => void;
}) {
  const { state, selected } = props;
  if (state.kind === 'loading') return <LoadingSpinner label="Loading failed actions…" />;
  if (state.kind === 'error')
    return (
      <ErrorState title="Couldn't load failed actions">
        <Text>{state.message}</Text>
      </ErrorState>
    );
  if (state.data.length === 0) return <Text testId="no-failed-actions">No failed actions.</Text>;
  return (
    <Flex direction="column" gap="sm">
      <Flex gap="xs">
        <Button size="xs" disabled={selected.length === 0} onClick={() => props.onRetry(selected)} testId="retry-selected">
          Retry selected ({selected.length})
        </Button>
        <Button size="xs" variant="secondary" onClick={() => props.onRetry(state.data.map((a) => a.id))} testId="retry-all">
          Retry all ({state.data.length})
        </Button>
      </Flex>
      <Table bordered density="condensed" testId="failed-actions">
        <TableHead>
          <TableRow>
            <TableHeader> </TableHeader>
            <TableHeader>Definition</TableHeader>
            <TableHeader>Kind</TableHeader>
            <TableHeader>Entity</TableHeader>
            <TableHeader>Reason</TableHeader>
            <TableHeader align="right">Attempts</TableHeader>
            <TableHeader>Failed</TableHeader>
            <TableHeader> </TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {state.data.map((a) => (
            <TableRow key={a.id}>
              <TableCell>
                <Checkbox name={`select-${a.id}`} checked={selected.includes(a.id)} onChange={(on) => props.onSelect(a.id, on)} testId={`select-${a.id}`} />
              </TableCell>
              <TableCell>{a.definitionKey}</TableCell>
              <TableCell>{a.kind}</TableCell>
              <TableCell>{a.entityId}</TableCell>
              <TableCell>{a.reason}</TableCell>
              <TableCell align="right">{a.attempts}</TableCell>
              <TableCell>{formatDate(a.failedAt)}</TableCell>
              <TableCell>
                <Button size="xs" onClick={() => props.onRetry([a.id])} testId={`retry-${a.id}`}>
                  Retry
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Flex>
  );
}
