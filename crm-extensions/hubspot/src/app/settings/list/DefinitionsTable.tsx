import React from 'react';
import {
  Button,
  EmptyState,
  ErrorState,
  Flex,
  LoadingSpinner,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import type { AdminDefinition } from '../../common/admin';
import { formatPercent, label } from '../../common/generated/format';
import type { Loaded } from '../../common/loaded';
import { Freshness } from './Freshness';

export interface DefinitionRowActions {
  onToggle: (d: AdminDefinition) => void;
  onPreview: (key: string) => void;
  onEdit: (key: string) => void;
  onHistory: (key: string) => void;
}

const KIND_ORDER = ['behaviour', 'cohort', 'stage', 'objective', 'job', 'signal'];
const byKind = (a: AdminDefinition, b: AdminDefinition) =>
  (KIND_ORDER.indexOf(a.kind) + 1 || 99) - (KIND_ORDER.indexOf(b.kind) + 1 || 99);

/** Every definition, by kind, with its source, status, members, completion rate and last evaluation. */
export function DefinitionsTable(props: { state: Loaded<AdminDefinition[]>; busyKey: string | null; onReload: () => void } & DefinitionRowActions) {
  const { state } = props;
  if (state.kind === 'loading') return <LoadingSpinner label="Loading definitions…" />;
  if (state.kind === 'error')
    return (
      <ErrorState title="Couldn't load definitions" testId="definitions-error">
        <Text>{state.message}</Text>
        <Button onClick={props.onReload}>Try again</Button>
      </ErrorState>
    );
  if (state.data.length === 0)
    return (
      <EmptyState title="No definitions" layout="vertical">
        <Text>Create one with "New definition", or add lifecycle definitions to Trig's definitions folder.</Text>
      </EmptyState>
    );
  return (
    <Table bordered density="condensed" testId="definitions">
      <TableHead>
        <TableRow>
          <TableHeader>Definition</TableHeader>
          <TableHeader>Kind</TableHeader>
          <TableHeader>Source</TableHeader>
          <TableHeader>Status</TableHeader>
          <TableHeader align="right">Members</TableHeader>
          <TableHeader align="right">Entered</TableHeader>
          <TableHeader align="right">Completed</TableHeader>
          <TableHeader align="right">Exited</TableHeader>
          <TableHeader align="right">Completion</TableHeader>
          <TableHeader align="right">Median days</TableHeader>
          <TableHeader>Evaluated</TableHeader>
          <TableHeader> </TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {[...state.data].sort(byKind).map((d) => (
          <DefinitionRow key={d.key} d={d} busy={props.busyKey === d.key} {...props} />
        ))}
      </TableBody>
    </Table>
  );
}

function DefinitionRow({ d, busy, ...on }: { d: AdminDefinition; busy: boolean } & DefinitionRowActions) {
  const provisioned = d.source !== 'authored';
  return (
    <TableRow>
      <TableCell>
        <Text format={{ fontWeight: 'demibold' }}>{d.name}</Text>
        <Text variant="microcopy">{d.key}</Text>
      </TableCell>
      <TableCell>
        {d.kind} · {d.entity}
      </TableCell>
      <TableCell>
        <Tag variant={provisioned ? 'default' : 'success'} testId={`source-${d.key}`}>
          {provisioned ? 'Managed in files' : 'Authored'}
        </Tag>
      </TableCell>
      <TableCell>
        <StatusTag variant={d.status === 'paused' ? 'warning' : 'success'} testId={`status-${d.key}`}>
          {label(d.status)}
        </StatusTag>
      </TableCell>
      <TableCell align="right">{d.metrics.active}</TableCell>
      <TableCell align="right">{d.metrics.entered}</TableCell>
      <TableCell align="right">{d.metrics.completed}</TableCell>
      <TableCell align="right">{d.metrics.exited}</TableCell>
      <TableCell align="right">{formatPercent(d.metrics.completionRate)}</TableCell>
      <TableCell align="right">
        {d.metrics.medianDaysToComplete === null ? '—' : d.metrics.medianDaysToComplete.toFixed(1)}
      </TableCell>
      <TableCell>
        <Freshness value={d.freshness} testId={`freshness-${d.key}`} />
      </TableCell>
      <TableCell>
        <Flex gap="xs">
          <Button size="xs" variant="secondary" onClick={() => on.onEdit(d.key)} testId={`edit-${d.key}`}>
            {provisioned ? 'View' : 'Edit'}
          </Button>
          <Button size="xs" variant="secondary" onClick={() => on.onPreview(d.key)} testId={`preview-${d.key}`}>
            Preview
          </Button>
          {!provisioned && (
            <Button size="xs" variant="secondary" onClick={() => on.onHistory(d.key)} testId={`history-${d.key}`}>
              History
            </Button>
          )}
          <Button
            size="xs"
            variant={d.status === 'paused' ? 'primary' : 'destructive'}
            disabled={busy}
            onClick={() => on.onToggle(d)}
            testId={`toggle-${d.key}`}
          >
            {d.status === 'paused' ? 'Resume' : 'Pause'}
          </Button>
        </Flex>
      </TableCell>
    </TableRow>
  );
}
