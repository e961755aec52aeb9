import React, { useCallback, useEffect, useState } from 'react';
import {
  Button,
  Divider,
  EmptyState,
  ErrorState,
  Flex,
  Heading,
  LoadingSpinner,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
  Tile,
  hubspot,
} from '@hubspot/ui-extensions';
import type { AddAlertAction } from '@hubspot/ui-extensions';
import type { AdminDefinition, AudiencePreview, CycleRun, DefinitionFreshness, FailedAction } from '../common/admin';
import { formatDate, formatPercent, label } from '../common/generated/format';
import {
  listDefinitions,
  listFailedActions,
  listRuns,
  previewDefinition,
  retryFailedAction,
  setDefinitionStatus,
  type Fetcher,
} from '../common/trigApi';

hubspot.extend<'settings'>(({ actions }) => <TrigSettings addAlert={actions.addAlert} />);

// Read hubspot.fetch at call time, not import time, so that tests can replace it.
const hubspotFetch: Fetcher = (url, options) => hubspot.fetch(url, options);

type AddAlert = AddAlertAction;

type Loaded<T> = { kind: 'loading' } | { kind: 'ready'; data: T } | { kind: 'error'; message: string };

const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function TrigSettings({ addAlert }: { addAlert: AddAlert }) {
  const [definitions, setDefinitions] = useState<Loaded<AdminDefinition[]>>({ kind: 'loading' });
  const [failed, setFailed] = useState<Loaded<FailedAction[]>>({ kind: 'loading' });
  const [runs, setRuns] = useState<Loaded<CycleRun[]>>({ kind: 'loading' });
  const [busyKey, setBusyKey] = useState<string | null>(null);
  const [preview, setPreview] = useState<Loaded<AudiencePreview> | null>(null);

  const reload = useCallback(() => {
    setDefinitions({ kind: 'loading' });
    setFailed({ kind: 'loading' });
    setRuns({ kind: 'loading' });
    listDefinitions(hubspotFetch).then(
      (data) => setDefinitions({ kind: 'ready', data }),
      (e: unknown) => setDefinitions({ kind: 'error', message: errorMessage(e) }),
    );
    listFailedActions(hubspotFetch).then(
      (data) => setFailed({ kind: 'ready', data }),
      (e: unknown) => setFailed({ kind: 'error', message: errorMessage(e) }),
    );
    listRuns(hubspotFetch).then(
      (data) => setRuns({ kind: 'ready', data }),
      (e: unknown) => setRuns({ kind: 'error', message: errorMessage(e) }),
    );
  }, []);

  useEffect(reload, [reload]);

  const toggle = (d: AdminDefinition) => {
    setBusyKey(d.key);
    setDefinitionStatus(hubspotFetch, d.key, d.status === 'paused' ? 'resume' : 'pause')
      .then(
        (updated) =>
          setDefinitions((current) =>
            current.kind === 'ready'
              ? { kind: 'ready', data: current.data.map((x) => (x.key === updated.key ? updated : x)) }
              : current,
          ),
        (e: unknown) => addAlert({ title: 'Trig', message: errorMessage(e), type: 'danger' }),
      )
      .finally(() => setBusyKey(null));
  };

  const showPreview = (key: string) => {
    setPreview({ kind: 'loading' });
    previewDefinition(hubspotFetch, key).then(
      (data) => setPreview({ kind: 'ready', data }),
      (e: unknown) => setPreview({ kind: 'error', message: errorMessage(e) }),
    );
  };

  const retry = (a: FailedAction) => {
    retryFailedAction(hubspotFetch, a.id).then(
      () => {
        setFailed((current) =>
          current.kind === 'ready' ? { kind: 'ready', data: current.data.filter((x) => x.id !== a.id) } : current,
        );
        addAlert({ title: 'Trig', message: `Action ${a.id} queued for retry.`, type: 'success' });
      },
      (e: unknown) => addAlert({ title: 'Trig', message: errorMessage(e), type: 'danger' }),
    );
  };

  return (
    <Flex direction="column" gap="md">
      <Heading>Definitions</Heading>
      <DefinitionsTable state={definitions} busyKey={busyKey} onToggle={toggle} onPreview={showPreview} onReload={reload} />
      {preview && <PreviewTile state={preview} />}
      <Divider />
      <Heading>Last cycles</Heading>
      <RunsTable state={runs} />
      <Divider />
      <Heading>Failed actions</Heading>
      <FailedActionsTable state={failed} onRetry={retry} />
    </Flex>
  );
}

function DefinitionsTable(props: {
  state: Loaded<AdminDefinition[]>;
  busyKey: string | null;
  onToggle: (d: AdminDefinition) => void;
  onPreview: (key: string) => void;
  onReload: () => void;
}) {
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
        <Text>Add lifecycle definitions to Trig's definitions folder.</Text>
      </EmptyState>
    );
  return (
    <Table bordered density="condensed" testId="definitions">
      <TableHead>
        <TableRow>
          <TableHeader>Definition</TableHeader>
          <TableHeader>Kind</TableHeader>
          <TableHeader>Status</TableHeader>
          <TableHeader align="right">Active</TableHeader>
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
        {state.data.map((d) => (
          <TableRow key={d.key}>
            <TableCell>
              <Text format={{ fontWeight: 'demibold' }}>{d.name}</Text>
              <Text variant="microcopy">{d.key}</Text>
            </TableCell>
            <TableCell>
              {d.kind} · {d.entity}
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
                <Button size="xs" variant="secondary" onClick={() => props.onPreview(d.key)} testId={`preview-${d.key}`}>
                  Preview
                </Button>
                <Button
                  size="xs"
                  variant={d.status === 'paused' ? 'primary' : 'destructive'}
                  disabled={props.busyKey === d.key}
                  onClick={() => props.onToggle(d)}
                  testId={`toggle-${d.key}`}
                >
                  {d.status === 'paused' ? 'Resume' : 'Pause'}
                </Button>
              </Flex>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function PreviewTile({ state }: { state: Loaded<AudiencePreview> }) {
  if (state.kind === 'loading') return <LoadingSpinner label="Computing audience preview…" />;
  if (state.kind === 'error')
    return (
      <ErrorState title="Preview failed">
        <Text>{state.message}</Text>
      </ErrorState>
    );
  const p = state.data;
  const group = (title: string, members: { id: string; name: string }[]) => (
    <Flex direction="column" gap="xs">
      <Text format={{ fontWeight: 'bold' }}>
        {title}: {members.length}
      </Text>
      {members.slice(0, 10).map((m) => (
        <Text key={m.id} variant="microcopy">
          {m.name} ({m.id})
        </Text>
      ))}
      {members.length > 10 && <Text variant="microcopy">… and {members.length - 10} more</Text>}
    </Flex>
  );
  return (
    <Tile testId="preview">
      <Heading>Audience preview: {p.key}</Heading>
      <Text variant="microcopy">Who would change if a cycle ran now. Nothing is changed.</Text>
      <Flex gap="lg">
        {group('Would enter', p.wouldEnter)}
        {group('Would complete', p.wouldComplete)}
        {group('Would exit', p.wouldExit)}
      </Flex>
    </Tile>
  );
}

function FailedActionsTable({ state, onRetry }: { state: Loaded<FailedAction[]>; onRetry: (a: FailedAction) => void }) {
  if (state.kind === 'loading') return <LoadingSpinner label="Loading failed actions…" />;
  if (state.kind === 'error')
    return (
      <ErrorState title="Couldn't load failed actions">
        <Text>{state.message}</Text>
      </ErrorState>
    );
  if (state.data.length === 0) return <Text testId="no-failed-actions">No failed actions.</Text>;
  return (
    <Table bordered density="condensed" testId="failed-actions">
      <TableHead>
        <TableRow>
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
            <TableCell>{a.definitionKey}</TableCell>
            <TableCell>{a.kind}</TableCell>
            <TableCell>{a.entityId}</TableCell>
            <TableCell>{a.reason}</TableCell>
            <TableCell align="right">{a.attempts}</TableCell>
            <TableCell>{formatDate(a.failedAt)}</TableCell>
            <TableCell>
              <Button size="xs" onClick={() => onRetry(a)} testId={`retry-${a.id}`}>
                Retry
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** "12 min ago", "3 h ago", "2 d ago": the age of a definition's last evaluation. */
function formatAge(seconds: number): string {
  if (seconds < 90) return `${Math.max(0, Math.round(seconds))} s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 36 * 3600) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

function Freshness({ value, testId }: { value: DefinitionFreshness | null | undefined; testId: string }) {
  if (!value || value.ageSeconds === null) return <Text testId={testId}>never</Text>;
  return value.stale ? (
    <StatusTag variant="danger" testId={testId}>
      Stale · {formatAge(value.ageSeconds)}
    </StatusTag>
  ) : (
    <Text testId={testId}>{formatAge(value.ageSeconds)}</Text>
  );
}

function RunsTable({ state }: { state: Loaded<CycleRun[]> }) {
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

/** "24 Nov 2026 10:00 UTC": cycles run several times a day, so the time matters (always UTC, like the worker's logs). */
function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${formatDate(iso)} ${hh}:${mm} UTC`;
}
