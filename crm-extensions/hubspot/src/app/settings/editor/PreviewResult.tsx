import React from 'react';
import { Flex, Heading, Statistics, StatisticsItem, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text, Tile } from '@hubspot/ui-extensions';
import type { AuthoringPreview, PreviewSample } from '../../common/admin';

function Sample({ title, sample, testId }: { title: string; sample: PreviewSample; testId: string }) {
  return (
    <Flex direction="column" gap="xs" testId={testId}>
      <Text format={{ fontWeight: 'bold' }}>
        {title}: {sample.count}
      </Text>
      {sample.first.map((e) => (
        <Text key={e.id} variant="microcopy">
          {e.name} ({e.id}): {e.reason}
        </Text>
      ))}
      {sample.count > sample.first.length && <Text variant="microcopy">… and {sample.count - sample.first.length} more</Text>}
    </Flex>
  );
}

/** What a document would do now: who enters, completes and exits (with the reason), the actions and the CRM fields. */
export function PreviewResult({ preview, title }: { preview: AuthoringPreview; title: string }) {
  return (
    <Tile testId="authoring-preview">
      <Heading>{title}</Heading>
      <Text variant="microcopy">Evaluated against {preview.entitiesEvaluated} entities now. Nothing is changed by a preview.</Text>
      {preview.definitions.map((d) => (
        <Flex key={d.key} direction="column" gap="sm">
          <Text format={{ fontWeight: 'demibold' }}>{d.key}</Text>
          <Statistics>
            <StatisticsItem label="Would enter" number={String(d.enter.count)} />
            <StatisticsItem label="Would complete" number={String(d.complete.count)} />
            <StatisticsItem label="Would exit" number={String(d.exit.count)} />
          </Statistics>
          <Flex gap="lg">
            <Sample title="Enter" sample={d.enter} testId={`preview-enter-${d.key}`} />
            <Sample title="Complete" sample={d.complete} testId={`preview-complete-${d.key}`} />
            <Sample title="Exit" sample={d.exit} testId={`preview-exit-${d.key}`} />
          </Flex>
        </Flex>
      ))}
      <Text format={{ fontWeight: 'bold' }}>Actions that would fire: {preview.actionCount}</Text>
      {preview.actions.length > 0 && (
        <Table density="condensed" testId="preview-actions">
          <TableHead>
            <TableRow>
              <TableHeader>Entity</TableHeader>
              <TableHeader>On</TableHeader>
              <TableHeader>Action</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {preview.actions.map((a, i) => (
              <TableRow key={i}>
                <TableCell>{a.entityId}</TableCell>
                <TableCell>{a.transition}</TableCell>
                <TableCell>{a.summary}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Text format={{ fontWeight: 'bold' }}>CRM fields that would change: {preview.crmChangeCount}</Text>
      {preview.crmChanges.length > 0 && (
        <Table density="condensed" testId="preview-crm">
          <TableHead>
            <TableRow>
              <TableHeader>Record</TableHeader>
              <TableHeader>Field</TableHeader>
              <TableHeader>New value</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {preview.crmChanges.map((c, i) => (
              <TableRow key={i}>
                <TableCell>
                  {c.kind} {c.entityId}
                </TableCell>
                <TableCell>{c.name}</TableCell>
                <TableCell>{c.value ?? '(cleared)'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Tile>
  );
}
