import React, { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  DescriptionList,
  DescriptionListItem,
  Divider,
  EmptyState,
  ErrorState,
  Flex,
  Heading,
  Link,
  LoadingSpinner,
  ProgressBar,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
  Tile,
  hubspot,
} from '@hubspot/ui-extensions';
import type { CardView, CardObjective } from '../common/generated/cardView';
import { formatBenchmark, formatDate, formatDays, formatMoney, formatUpdated, label } from '../common/generated/format';
import { loadCard, objectTypeFromId, type Fetcher } from '../common/trigApi';
import { NextStepsSection } from './NextStepsSection';

hubspot.extend<'crm.record.tab'>(({ context }) => (
  <TrigCard objectId={context.crm.objectId} objectTypeId={context.crm.objectTypeId} />
));

/** How many recent transitions the card lists. */
const TRANSITIONS_SHOWN = 8;

// Read hubspot.fetch at call time, not import time, so that tests can replace it.
const hubspotFetch: Fetcher = (url, options) => hubspot.fetch(url, options);

type State =
  | { kind: 'loading' }
  | { kind: 'card'; view: CardView }
  | { kind: 'empty'; detail: string }
  | { kind: 'error'; message: string };

export interface TrigCardProps {
  objectId: number | string;
  objectTypeId: string;
}

export function TrigCard({ objectId, objectTypeId }: TrigCardProps) {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(() => {
    setState({ kind: 'loading' });
    loadCard(hubspotFetch, objectTypeFromId(objectTypeId), objectId).then(
      (result) => setState(result),
      (e: unknown) => setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
  }, [objectId, objectTypeId]);

  useEffect(load, [load]);

  switch (state.kind) {
    case 'loading':
      return <LoadingSpinner label="Loading Trig data…" layout="centered" />;
    case 'empty':
      return (
        <EmptyState title="No Trig data yet" layout="vertical" imageName="target" testId="trig-empty">
          <Text>{state.detail}</Text>
        </EmptyState>
      );
    case 'error':
      return (
        <ErrorState title="Couldn't load Trig data" testId="trig-error">
          <Text>{state.message}</Text>
          <Button onClick={load}>Try again</Button>
        </ErrorState>
      );
    case 'card':
      return <CardBody view={state.view} />;
  }
}

/** now only drives "updated … ago" (from view.evaluatedAt). */
export function CardBody({ view, now }: { view: CardView; now?: Date }) {
  return (
    <Flex direction="column" gap="md">
      <StageSection view={view} />
      {view.signal && (
        <Alert title={view.signal.name} variant="warning" testId="trig-signal">
          ARR at risk: {formatMoney(view.signal.arrAtRisk, view.currency)}
          {view.signal.arr !== null && view.signal.arr !== view.signal.arrAtRisk
            ? ` of ${formatMoney(view.signal.arr, view.currency)}`
            : ''}
          {view.signal.slowObjectives.length > 0
            ? ` · slow on ${view.signal.slowObjectives.map((k) => objectiveName(view, k)).join(', ')}`
            : ''}
        </Alert>
      )}
      <NextStepsSection view={view} />
      <BehavioursSection view={view} />
      <CohortsSection view={view} />
      <JobsSection view={view} />
      <TransitionsSection view={view} />
      <Divider />
      <Text variant="microcopy">
        {view.entity.name}
        {view.entity.ownerEmail ? ` · owner ${view.entity.ownerEmail}` : ''} · {formatUpdated(view.evaluatedAt, now)}
      </Text>
    </Flex>
  );
}

function objectiveName(view: CardView, key: string): string {
  return view.stage?.objectives.find((o) => o.key === key)?.name ?? key;
}

function objectiveWhen(o: CardObjective): string {
  if (o.completedAt) return `Completed ${formatDate(o.completedAt)}`;
  if (o.benchmarkDays !== null) return `Usually done in ${formatBenchmark(o.benchmarkDays)}`;
  return '—';
}

function statusVariant(status: string): 'success' | 'info' | 'warning' | 'danger' | 'default' {
  switch (status) {
    case 'completed':
      return 'success';
    case 'active':
    case 'entered':
      return 'info';
    case 'exited':
      return 'warning';
    default:
      return 'default';
  }
}

function StageSection({ view }: { view: CardView }) {
  const stage = view.stage;
  if (!stage) {
    return (
      <Tile compact testId="trig-stage">
        <Text>Not in a lifecycle stage right now.</Text>
      </Tile>
    );
  }
  return (
    <Tile testId="trig-stage">
      <Heading>{stage.name}</Heading>
      <Text>
        {formatDays(stage.daysInStage)} in stage · since {formatDate(stage.enteredAt)}
      </Text>
      <ProgressBar
        title="Objectives"
        value={stage.objectivesDone}
        maxValue={Math.max(stage.objectivesTotal, 1)}
        valueDescription={`${stage.objectivesDone} of ${stage.objectivesTotal} objectives done`}
        variant={view.signal ? 'warning' : 'success'}
        testId="trig-objectives-progress"
      />
      {stage.objectives.length > 0 && (
        <Table density="condensed" testId="trig-objectives">
          <TableHead>
            <TableRow>
              <TableHeader>Objective</TableHeader>
              <TableHeader>Status</TableHeader>
              <TableHeader>When</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {stage.objectives.map((o) => (
              <TableRow key={o.key}>
                <TableCell>
                  {o.name}
                  {o.slow && (
                    <Tag variant="warning" inline>
                      slow
                    </Tag>
                  )}
                </TableCell>
                <TableCell>
                  <StatusTag variant={statusVariant(o.status)}>{label(o.status)}</StatusTag>
                </TableCell>
                <TableCell>{objectiveWhen(o)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Tile>
  );
}

function BehavioursSection({ view }: { view: CardView }) {
  const reached = view.behaviours;
  return (
    <Tile testId="trig-behaviours">
      <Heading>Behaviours</Heading>
      {reached.length === 0 ? (
        <Text variant="microcopy">None yet.</Text>
      ) : (
        <Table density="condensed">
          <TableBody>
            {reached.map((b) => (
              <TableRow key={b.key}>
                <TableCell>{b.name}</TableCell>
                <TableCell>
                  <StatusTag variant={statusVariant(b.status)}>{label(b.status)}</StatusTag>
                </TableCell>
                <TableCell>
                  {b.completedAt
                    ? `Completed ${formatDate(b.completedAt)}`
                    : b.exitedAt
                      ? `Exited ${formatDate(b.exitedAt)}`
                      : `Entered ${formatDate(b.enteredAt)}`}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Tile>
  );
}

function CohortsSection({ view }: { view: CardView }) {
  return (
    <Tile compact testId="trig-cohorts">
      <Heading>Cohorts</Heading>
      {view.cohorts.length === 0 ? (
        <Text variant="microcopy">In no cohort now.</Text>
      ) : (
        <Flex gap="xs" wrap>
          {view.cohorts.map((c) => (
            <Tag key={c.key} variant="info">
              {c.name}
            </Tag>
          ))}
        </Flex>
      )}
    </Tile>
  );
}

function JobsSection({ view }: { view: CardView }) {
  const job = view.currentJob;
  return (
    <Tile testId="trig-jobs">
      <Heading>Jobs</Heading>
      <DescriptionList direction="row">
        <DescriptionListItem label="Current job">
          <Text>
            {job
              ? `${job.name} · since ${formatDate(job.enteredAt)}${job.dueAt ? ` · due ${formatDate(job.dueAt)}` : ''}`
              : 'None'}
          </Text>
        </DescriptionListItem>
      </DescriptionList>
      {view.pastJobs.length > 0 && (
        <Table density="condensed">
          <TableHead>
            <TableRow>
              <TableHeader>Past job</TableHeader>
              <TableHeader>Outcome</TableHeader>
              <TableHeader>Ended</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {view.pastJobs.map((j) => (
              <TableRow key={`${j.key}-${j.endedAt}`}>
                <TableCell>{j.name}</TableCell>
                <TableCell>
                  <StatusTag variant={statusVariant(j.outcome)}>{label(j.outcome)}</StatusTag>
                </TableCell>
                <TableCell>{formatDate(j.endedAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Tile>
  );
}

function TransitionsSection({ view }: { view: CardView }) {
  const latest = [...view.transitions].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, TRANSITIONS_SHOWN);
  return (
    <Tile compact testId="trig-transitions">
      <Heading>Latest changes</Heading>
      {latest.length === 0 ? (
        <Text variant="microcopy">No changes recorded.</Text>
      ) : (
        latest.map((t) => (
          <Text key={`${t.at}-${t.definitionKey}-${t.transition}`}>
            {formatDate(t.at)} · {label(t.transition)} {t.definitionKind} {t.definitionName}
          </Text>
        ))
      )}
      {view.entity.recordUrl && <Link href={view.entity.recordUrl}>Open record</Link>}
    </Tile>
  );
}
